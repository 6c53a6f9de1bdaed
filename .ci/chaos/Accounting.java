// The end-to-end accounting of a chaos run: every record of every raw topic against the rows the sink stored.
//
// Run with the query API's libraries on the class path (they hold kafka-clients and DuckDB's JDBC driver):
//   java -cp 'services/query-api/target/quarkus-app/lib/main/*' .ci/chaos/Accounting.java drain BOOTSTRAP SECONDS GROUP=TOPIC,…
//   java -cp 'services/query-api/target/quarkus-app/lib/main/*' .ci/chaos/Accounting.java report BOOTSTRAP S3_DATA_DIR
// `drain` waits until every group has committed the end of every topic it reads (exit 1 when it times out);
// `report` prints one line per topic and exits 1 when a record is lost or a row is stored twice. A record is stored when
// the lake holds as many rows at its offset as it carries: one per bar of a week (h_alpaca; a week with no bars is the
// contract's explicit "no bars this week" and stores none, so the sink's group having committed past it is what counts:
// `drain` checks that first), one for every other record.

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import java.util.zip.CRC32C;
import io.marketflow.contract.ContractJson;
import io.marketflow.contract.Topics;
import io.marketflow.contract.WeekBars;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

public class Accounting {

    /** Where the sink stores each raw topic by default (DatasetCatalog's defaults, local storage layout). */
    private static final Map<String, String> DATASETS = new java.util.LinkedHashMap<>();

    static {
        DATASETS.put("stock_trades", "stock-data");
        DATASETS.put("h_alpaca", "historical-data");
        DATASETS.put("h_macrodata", "macro-data/h_macrodata");
        DATASETS.put("macrodata", "macro-data/macrodata");
        DATASETS.put("policy_events", "macro-data/policy_events");
        DATASETS.put("h_company", "company-fundamentals");
        DATASETS.put("bluesky", "bluesky-data");
        DATASETS.put("x_posts", "x-data");
        DATASETS.put("finnhub", "finnhub-data");
        DATASETS.put("newsapi", "news-data/newsapi");
    }

    public static void main(String[] args) throws Exception {
        switch (args.length > 0 ? args[0] : "") {
            case "drain" -> System.exit(drain(args[1], Long.parseLong(args[2]), List.of(args).subList(3, args.length)));
            case "report" -> System.exit(report(args[1], Path.of(args[2])));
            default -> {
                System.err.println("usage: Accounting drain BOOTSTRAP SECONDS GROUP=TOPIC,… | report BOOTSTRAP S3_DATA_DIR");
                System.exit(2);
            }
        }
    }

    // ---- drain: wait for the consumers to catch up --------------------------------------------------------------

    private static int drain(String bootstrap, long seconds, List<String> groups) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Map<String, Long> lags = new TreeMap<>();
            do {
                lags.clear();
                for (String spec : groups) {
                    String group = spec.substring(0, spec.indexOf('='));
                    List<String> topics = List.of(spec.substring(spec.indexOf('=') + 1).split(","));
                    lags.put(group, lag(admin, group, topics));
                }
                if (lags.values().stream().allMatch(l -> l == 0)) {
                    System.out.println("[chaos] drained: " + lags);
                    return 0;
                }
                Thread.sleep(2000); // polling interval of a bounded wait, not a synchronisation
            } while (System.nanoTime() < deadline);
            System.out.println("[chaos] not drained after " + seconds + " s, lag per group: " + lags);
            return 1;
        }
    }

    private static long lag(Admin admin, String group, List<String> topics) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed =
                admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
        Map<TopicPartition, Long> ends = endOffsets(admin, topics);
        long lag = 0;
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            OffsetAndMetadata c = committed.get(end.getKey());
            long start = c != null ? c.offset() : beginning(admin, end.getKey());
            lag += Math.max(0, end.getValue() - start);
        }
        return lag;
    }

    private static Map<TopicPartition, Long> endOffsets(Admin admin, List<String> topics) throws Exception {
        Set<String> existing = admin.listTopics().names().get();
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (String topic : topics) {
            if (!existing.contains(topic)) {
                continue;
            }
            admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
                    .forEach(p -> request.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
        }
        Map<TopicPartition, Long> ends = new HashMap<>();
        admin.listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get()
                .forEach((tp, info) -> ends.put(tp, info.offset()));
        return ends;
    }

    private static long beginning(Admin admin, TopicPartition tp) throws ExecutionException, InterruptedException {
        return admin.listOffsets(Map.of(tp, OffsetSpec.earliest())).all().get().get(tp).offset();
    }

    // ---- report: Kafka against the lake -------------------------------------------------------------------------

    /**
     * What one topic holds: offsets per partition, the rows each record should store (keyed by partition and offset,
     * see {@link #coordinate}), records per key, and records whose key and bytes repeat.
     */
    private record TopicContent(Map<Integer, BitSet> offsets, Map<Long, Integer> expectedRows,
            Map<String, Integer> perKey, long records, long repeatedValues) {
    }

    private static int report(String bootstrap, Path s3Data) throws Exception {
        int status = 0;
        System.out.println("| topic | records in Kafka | keys | rows in the lake | records with no rows to store"
                + " | records in the sink's DLQ | lost | stored twice | same key and bytes twice in Kafka |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:")) {
            for (Map.Entry<String, String> dataset : DATASETS.entrySet()) {
                String topic = dataset.getKey();
                TopicContent kafka = read(bootstrap, topic);
                if (kafka.records() == 0) {
                    // Every source publishes in a run without keys (synthetic or recorded): an empty topic is a source
                    // that never ran, which no count of lost records would show.
                    System.out.printf("| %s | 0 | 0 | 0 | 0 | 0 | - | - | - |%n", topic);
                    System.err.println("[chaos] " + topic + ": no record in Kafka, its source did not publish during the run");
                    status = 1;
                    continue;
                }
                Map<Integer, BitSet> dlq = deadLettered(bootstrap, topic);
                Path dir = s3Data.resolve(dataset.getValue());
                Map<Long, Integer> lake = new HashMap<>();
                long rows = 0;
                long twice = 0;
                if (Files.isDirectory(dir) && hasParquet(dir)) {
                    String files = "read_parquet('" + dir + "/**/*.parquet', hive_partitioning = false, union_by_name = true)";
                    try (Statement st = duck.createStatement()) {
                        try (ResultSet rs = st.executeQuery("SELECT kafka_partition, kafka_offset, count(*) FROM " + files
                                + " GROUP BY ALL")) {
                            while (rs.next()) {
                                lake.put(coordinate(rs.getInt(1), rs.getLong(2)), rs.getInt(3));
                            }
                        }
                        // A row is stored twice when another row of the lake equals it in every column: a record's
                        // own rows (a week of bars) differ by their time, so they are not counted.
                        try (ResultSet rs = st.executeQuery("SELECT (SELECT count(*) FROM " + files
                                + "), (SELECT count(*) FROM (SELECT DISTINCT * FROM " + files + "))")) {
                            rs.next();
                            rows = rs.getLong(1);
                            twice = rows - rs.getLong(2);
                        }
                    }
                }
                long lost = 0;
                long withoutRows = 0;
                Map<String, Integer> lostByPartition = new TreeMap<>();
                for (Map.Entry<Integer, BitSet> partition : kafka.offsets().entrySet()) {
                    int p = partition.getKey();
                    BitSet deadHere = dlq.getOrDefault(p, new BitSet());
                    BitSet present = partition.getValue();
                    for (int offset = present.nextSetBit(0); offset >= 0; offset = present.nextSetBit(offset + 1)) {
                        long at = coordinate(p, offset);
                        int expected = kafka.expectedRows().getOrDefault(at, 1);
                        int stored = lake.getOrDefault(at, 0);
                        if (expected == 0 && stored == 0) {
                            withoutRows++;
                        } else if (stored != expected && !deadHere.get(offset)) {
                            // Fewer rows than the record carries is a loss (a whole record or part of a week); more
                            // than it carries at one offset is counted by the duplicate check below as well.
                            lost++;
                            lostByPartition.putIfAbsent(topic + "-" + p, offset);
                        }
                    }
                }
                long dead = dlq.values().stream().mapToLong(BitSet::cardinality).sum();
                System.out.printf("| %s | %d | %d | %d | %d | %d | %d | %d | %d |%n", topic, kafka.records(),
                        kafka.perKey().size(), rows, withoutRows, dead, lost, twice, kafka.repeatedValues());
                if (lost > 0) {
                    System.err.println("[chaos] " + topic + ": " + lost + " records without all their rows in the lake"
                            + " nor in the DLQ, first such offset per partition " + lostByPartition);
                    status = 1;
                }
                if (twice > 0) {
                    System.err.println("[chaos] " + topic + ": " + twice + " rows stored twice");
                    status = 1;
                }
            }
        }
        return status;
    }

    private static boolean hasParquet(Path dir) throws Exception {
        try (var files = Files.walk(dir)) {
            return files.anyMatch(p -> p.toString().endsWith(".parquet"));
        }
    }

    private static KafkaConsumer<byte[], byte[]> consumer(String bootstrap) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** Reads a topic from its beginning to its end as of now. */
    private static TopicContent read(String bootstrap, String topic) {
        Map<Integer, BitSet> offsets = new HashMap<>();
        Map<Long, Integer> expectedRows = new HashMap<>();
        Map<String, Integer> perKey = new HashMap<>();
        Set<String> seen = new HashSet<>();
        long records = 0;
        long repeated = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap)) {
            if (!consumer.listTopics().containsKey(topic)) {
                return new TopicContent(offsets, expectedRows, perKey, 0, 0);
            }
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).collect(Collectors.toList());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofSeconds(1))) {
                    if (r.offset() >= ends.get(new TopicPartition(topic, r.partition()))) {
                        continue;
                    }
                    records++;
                    offsets.computeIfAbsent(r.partition(), p -> new BitSet()).set(Math.toIntExact(r.offset()));
                    if (Topics.H_ALPACA.equals(topic)) {
                        expectedRows.put(coordinate(r.partition(), r.offset()), bars(r.value()));
                    }
                    String key = r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8);
                    perKey.merge(key, 1, Integer::sum);
                    if (!seen.add(key + '|' + checksum(r.value()))) {
                        repeated++;
                    }
                }
            }
        }
        return new TopicContent(offsets, expectedRows, perKey, records, repeated);
    }

    /**
     * The bars of a week, read with the contract's own decoder; a record it cannot read stores no row but must be in the
     * DLQ, so it expects one (the row it would have been) and is lost unless dead-lettered.
     */
    private static int bars(byte[] value) {
        try {
            return ContractJson.fromBytes(value, WeekBars.class).data().size();
        } catch (RuntimeException unreadable) {
            return 1;
        }
    }

    /** One record's place in a topic: partition and offset in one key. */
    private static long coordinate(int partition, long offset) {
        return ((long) partition << 40) | offset;
    }

    /** Offsets of a topic's records that the sink dead-lettered, from the coordinates in each dead letter's headers. */
    private static Map<Integer, BitSet> deadLettered(String bootstrap, String topic) {
        Map<Integer, BitSet> result = new HashMap<>();
        String dlq = topic + ".dlq";
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap)) {
            if (!consumer.listTopics().containsKey(dlq)) {
                return result;
            }
            List<TopicPartition> partitions = consumer.partitionsFor(dlq).stream()
                    .map(p -> new TopicPartition(dlq, p.partition())).collect(Collectors.toList());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofSeconds(1))) {
                    String source = header(r, "topic");
                    String partition = header(r, "partition");
                    String offset = header(r, "offset");
                    if (topic.equals(source) && partition != null && offset != null) {
                        result.computeIfAbsent(Integer.parseInt(partition), p -> new BitSet())
                                .set(Math.toIntExact(Long.parseLong(offset)));
                    }
                }
            }
        }
        return result;
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        if (h == null) {
            return null;
        }
        // The sink writes its coordinates as text (KafkaDeadLetterSink).
        byte[] v = h.value();
        return new String(v, StandardCharsets.UTF_8);
    }

    private static long checksum(byte[] value) {
        CRC32C crc = new CRC32C();
        if (value != null) {
            crc.update(value);
        }
        return crc.getValue() ^ ((long) (value == null ? -1 : value.length) << 32);
    }
}
