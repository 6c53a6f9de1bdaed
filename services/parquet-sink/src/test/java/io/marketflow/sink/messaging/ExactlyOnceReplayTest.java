package io.marketflow.sink.messaging;

import static io.marketflow.sink.SinkTestSupport.duckdb;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.marketflow.contract.ContractJson;
import io.marketflow.contract.Trade;
import io.marketflow.sink.SinkTestSupport;
import io.marketflow.sink.config.DatasetCatalog;
import io.marketflow.sink.domain.CutMarker;
import io.marketflow.sink.domain.DatasetSpec;
import io.marketflow.sink.domain.RecordType;
import io.marketflow.sink.domain.RotationPolicy;
import io.marketflow.sink.format.parquet.ParquetFileWriter;
import io.marketflow.sink.storage.S3Storage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The segment writer against the real broker and S3 server, stopped between its uploads and its final commit and
 * started again: the replay rewrites the same objects and DuckDB finds every offset exactly once.
 */
class ExactlyOnceReplayTest {

    private static final int RECORDS = 2_000;
    private static final String BUCKET = "eo-replay-test";
    private static S3Client s3;

    @BeforeAll
    static void client() {
        s3 = SinkTestSupport.s3();
    }

    @AfterAll
    static void close() {
        s3.close();
    }

    @Test
    void replaysACrashedCutIntoTheSameFilesWithoutDuplicates() throws Exception {
        String token = SinkTestSupport.runToken();
        String topic = "eo_trades_" + token.toLowerCase();
        String group = "eo-sink-" + token;
        createTopic(topic, 3);
        double priceSum = produce(topic, token);
        DatasetCatalog catalog = DatasetCatalog.of(List.of(
                new DatasetSpec(topic, BUCKET, token, RecordType.TRADE, List.of("source", "ticker", "date"))));

        // Run 1: the first cut commits its write-ahead marker and uploads, then the process "dies".
        Map<String, byte[]> beforeCrash;
        try (Sink first = new Sink(catalog, topic, group)) {
            first.writer.hook(new CutHook() {
                @Override
                public void afterUploads() {
                    throw new CutHook.SimulatedCrash("after uploads, before the final commit");
                }
            });
            assertThatThrownBy(() -> first.runUntil(() -> false, Duration.ofSeconds(30))).isInstanceOf(CutHook.SimulatedCrash.class);
            Map<TopicPartition, OffsetAndMetadata> committed = first.consumer.committed(first.consumer.assignment());
            assertThat(committed.values()).anyMatch(c -> c != null && CutMarker.parse(c.metadata()).isPresent());
            beforeCrash = objects(token);
            assertThat(beforeCrash).isNotEmpty();
        }

        // Run 2: same group; the marker makes the replay cut at the same offsets again.
        try (Sink second = new Sink(catalog, topic, group)) {
            second.runUntil(() -> second.allCommittedTo(RECORDS), Duration.ofSeconds(60));
        }

        Map<String, byte[]> after = objects(token);
        for (Map.Entry<String, byte[]> file : beforeCrash.entrySet()) {
            assertThat(after).containsKey(file.getKey());
            assertThat(after.get(file.getKey())).as("replayed file %s is byte-identical", file.getKey()).isEqualTo(file.getValue());
        }
        var dir = SinkTestSupport.download(s3, BUCKET, token + "/");
        Map<String, Object> stats = duckdb(dir, "SELECT count(*) AS n, count(DISTINCT (kafka_partition, kafka_offset)) AS d, "
                + "round(sum(price), 6) AS s FROM t").get(0);
        assertThat(stats.get("n")).isEqualTo((long) RECORDS);
        assertThat(stats.get("d")).isEqualTo((long) RECORDS);
        assertThat((Double) stats.get("s")).isCloseTo(priceSum, org.assertj.core.data.Offset.offset(1e-6));
    }

    private static double produce(String topic, String token) {
        double sum = 0;
        try (KafkaProducer<byte[], byte[]> producer = SinkTestSupport.producer()) {
            Instant base = Instant.parse("2026-11-20T15:00:00Z");
            for (int i = 0; i < RECORDS; i++) {
                String ticker = "E" + token + (i % 7);
                double price = 100 + (i % 97) * 0.25;
                sum += price;
                Trade trade = i % 3 == 0 ? Trade.synthetic(ticker, base.plusMillis(i), price, 1)
                        : new Trade(1, ticker, base.plusMillis(i), price, 2, "V", (long) i, List.of(), null, "alpaca", false);
                SinkTestSupport.send(producer, topic, ticker, ContractJson.toBytes(trade));
            }
            producer.flush();
        }
        return Math.round(sum * 1e6) / 1e6;
    }

    private static Map<String, byte[]> objects(String token) {
        Map<String, byte[]> objects = new HashMap<>();
        for (var o : SinkTestSupport.listAll(s3, BUCKET)) {
            if (o.key().startsWith(token + "/")) {
                objects.put(o.key(), s3.getObjectAsBytes(g -> g.bucket(BUCKET).key(o.key())).asByteArray());
            }
        }
        return objects;
    }

    static void createTopic(String topic, int partitions) throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, SinkTestSupport.stack().kafkaBootstrapServers());
        try (Admin admin = Admin.create(props)) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
        }
    }

    /** One sink "process": a plain consumer driving a segment writer on this thread, as the service's worker does. */
    static final class Sink implements AutoCloseable {

        final KafkaConsumer<byte[], byte[]> consumer;
        final SegmentWriter writer;

        Sink(DatasetCatalog catalog, String topic, String group) {
            Properties props = new Properties();
            props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SinkTestSupport.stack().kafkaBootstrapServers());
            props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
            props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "250");
            consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
            OffsetCommitter offsets = new OffsetCommitter() {
                @Override
                public void commit(Map<TopicPartition, OffsetAndMetadata> o) {
                    consumer.commitSync(o);
                }

                @Override
                public void seek(TopicPartition partition, long offset) {
                    consumer.seek(partition, offset);
                }
            };
            writer = new SegmentWriter(catalog, new S3Storage(s3, "test"), new ParquetFileWriter(CompressionCodecName.ZSTD, 8 << 20),
                    offsets, (record, reason) -> {
                        throw new AssertionError("unexpected dead letter: " + reason);
                    }, new SinkMetrics(new SimpleMeterRegistry()),
                    new RotationPolicy(300, 64 << 20, Duration.ofMillis(300)), 64 << 20, 1000,
                    new Backoff(Duration.ofMillis(50), Duration.ofMillis(500)), new StorageStatus());
            consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>(consumer.committed(new HashSet<>(partitions)));
                    partitions.forEach(tp -> committed.putIfAbsent(tp, null));
                    writer.assigned(committed);
                }

                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    writer.revoked(partitions);
                }
            });
        }

        /** The sink's main loop (poll, buffer, rotate) on this thread until {@code done}; fails after {@code atMost}. */
        void runUntil(java.util.function.BooleanSupplier done, Duration atMost) {
            long deadline = System.nanoTime() + atMost.toNanos();
            while (!done.getAsBoolean()) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("sink did not finish: assignment=" + consumer.assignment() + " committed="
                            + consumer.committed(consumer.assignment()) + " ends=" + consumer.endOffsets(consumer.assignment()));
                }
                writer.process(consumer.poll(Duration.ofMillis(100)));
                writer.rotateByTime();
            }
        }

        boolean allCommittedTo(long total) {
            Set<TopicPartition> assignment = consumer.assignment();
            if (assignment.isEmpty()) {
                return false;
            }
            Map<TopicPartition, Long> ends = consumer.endOffsets(assignment);
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(assignment);
            long sum = 0;
            for (TopicPartition tp : assignment) {
                OffsetAndMetadata c = committed.get(tp);
                long offset = c == null ? 0 : c.offset();
                if (offset < ends.get(tp)) {
                    return false;
                }
                sum += offset;
            }
            return sum == total;
        }

        @Override
        public void close() {
            // Like kill -9 as far as offsets go: nothing is committed on the way out.
            consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(5)));
        }
    }

    @SuppressWarnings("unused")
    private static List<String> keys(Map<String, byte[]> objects) {
        return new ArrayList<>(objects.keySet());
    }
}
