package io.marketflow.query.summary;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.marketflow.localstack.LocalStackResource;
import io.marketflow.localstack.StackAddresses;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code /api/summary} and its history against the real test stack: objects put into S3, records produced to Kafka,
 * offsets committed for the groups, rows inserted into the aggregator's tables; every number is asserted exactly.
 */
@QuarkusTest
@WithTestResource(SummaryTestStack.class)
class SummaryEndpointTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private static S3Client s3;
    private static Admin admin;
    private static KafkaProducer<byte[], byte[]> producer;

    @BeforeAll
    static void clients() {
        StackAddresses s = LocalStackResource.shared();
        s3 = S3Client.builder().endpointOverride(URI.create(s.s3Endpoint())).region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(s.s3AccessKey(), s.s3SecretKey())))
                .httpClient(UrlConnectionHttpClient.create()).build();
        Properties a = new Properties();
        a.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, s.kafkaBootstrapServers());
        admin = Admin.create(a);
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, s.kafkaBootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    @AfterAll
    static void close() {
        producer.close();
        admin.close();
        s3.close();
    }

    @Test
    void countsObjectsBytesRowsAndEventTimesOfTheObjectsInTheBucket() {
        s3.createBucket(b -> b.bucket(SummaryTestStack.BUCKET));
        byte[] first = ParquetFiles.write("SELECT TIMESTAMPTZ '2024-03-01 14:30:00+00' + to_minutes(i::BIGINT) AS \"timestamp\", "
                + "100.0 + i AS price FROM range(0, 3) t(i)", "");
        byte[] second = ParquetFiles.write("SELECT TIMESTAMPTZ '2024-03-04 15:00:00+00' + to_minutes(i::BIGINT) AS \"timestamp\", "
                + "200.0 + i AS price FROM range(0, 2) t(i)", "");
        byte[] corrupt = "not a parquet file".getBytes(StandardCharsets.UTF_8);
        byte[] other = "a marker the sink does not write, counted as an object only".getBytes(StandardCharsets.UTF_8);
        put("trades/source=alpaca/ticker=AAPL/date=2024-03-01/stock_trades+0+00000000000000000000+00000000000000000002.parquet", first);
        put("trades/source=alpaca/ticker=AAPL/date=2024-03-04/stock_trades+0+00000000000000000003+00000000000000000004.parquet", second);
        put("trades/source=alpaca/ticker=MSFT/date=2024-03-04/stock_trades+1+00000000000000000000+00000000000000000000.parquet", corrupt);
        put("trades/README.txt", other);
        // Outside the dataset's prefix: never counted.
        put("elsewhere/stock_trades+0+00000000000000000000+00000000000000000009.parquet", first);

        await().atMost(WAIT).untilAsserted(() -> {
            JsonPath summary = summary();
            Map<String, Object> trades = summary.getMap("datasets.find { it.dataset == 'stock_trades' }");
            assertThat(trades).containsEntry("bucket", SummaryTestStack.BUCKET).containsEntry("prefix", "trades")
                    .containsEntry("topic", SummaryTestStack.TRADES)
                    .containsEntry("objects", 4).containsEntry("parquetFiles", 3).containsEntry("unreadableFiles", 1)
                    .containsEntry("footersPending", 0).containsEntry("listingTruncated", false)
                    .containsEntry("firstEvent", "2024-03-01T14:30:00Z").containsEntry("lastEvent", "2024-03-04T15:01:00Z");
            assertThat(((Number) trades.get("bytes")).longValue()).isEqualTo(first.length + second.length + corrupt.length + other.length);
            assertThat(((Number) trades.get("rows")).longValue()).isEqualTo(5);
            Instant generated = Instant.parse(summary.getString("generatedAt"));
            assertThat(((Number) trades.get("freshnessSeconds")).longValue())
                    .isEqualTo(Duration.between(Instant.parse("2024-03-04T15:01:00Z"), generated).toSeconds());
            Map<String, Object> bars = summary.getMap("datasets.find { it.dataset == 'h_alpaca' }");
            assertThat(bars).containsEntry("objects", 0).containsEntry("rows", 0);
            // Null members, whether written as null or left out of the JSON.
            assertThat(bars.get("error")).isNull();
            assertThat(bars.get("freshnessSeconds")).isNull();
        });
    }

    @Test
    void lagIsWhatWasProducedMinusWhatEachGroupCommitted() throws Exception {
        createTopic(SummaryTestStack.TRADES, 2);
        for (int i = 0; i < 6; i++) {
            producer.send(new ProducerRecord<>(SummaryTestStack.TRADES, 0, null, ("p0-" + i).getBytes())).get();
        }
        for (int i = 0; i < 4; i++) {
            producer.send(new ProducerRecord<>(SummaryTestStack.TRADES, 1, null, ("p1-" + i).getBytes())).get();
        }
        commit(SummaryTestStack.SINK_GROUP, Map.of(0, 4L, 1, 1L));
        // Partition 1 never committed by the aggregator's group: it starts from the log start, so all 4 count.
        commit(SummaryTestStack.AGGREGATOR_GROUP, Map.of(0, 6L));

        await().atMost(WAIT).untilAsserted(() -> {
            Map<String, Object> trades = summary().getMap("topics.find { it.dataset == 'stock_trades' }");
            assertThat(trades).containsEntry("topic", SummaryTestStack.TRADES).containsEntry("exists", true)
                    .containsEntry("records", 10).containsEntry("endOffset", 10)
                    .containsEntry("sinkLag", (6 - 4) + (4 - 1)).containsEntry("aggregatorLag", 4);
        });
        Map<String, Object> company = summary().getMap("topics.find { it.dataset == 'h_company' }");
        // Not consumed by the aggregator's group at all: no aggregator lag, whatever the topic holds.
        assertThat(company).containsEntry("dataset", "h_company");
        assertThat(company.get("aggregatorLag")).isNull();
    }

    @Test
    void countsDeadLettersAndShowsTheLatestReasonsNewestFirst() throws Exception {
        createTopic(SummaryTestStack.TRADES_DLQ, 1);
        for (String reason : List.of("timestamp missing", "size must be positive", "price must be positive")) {
            RecordHeaders headers = new RecordHeaders();
            headers.add("reason", reason.getBytes(StandardCharsets.UTF_8));
            headers.add("source", "alpaca".getBytes(StandardCharsets.UTF_8));
            producer.send(new ProducerRecord<>(SummaryTestStack.TRADES_DLQ, 0, null, "AAPL".getBytes(), "{}".getBytes(), headers)).get();
        }

        await().atMost(WAIT).untilAsserted(() -> {
            JsonPath summary = summary();
            String dlq = "deadLetters.find { it.topic == '" + SummaryTestStack.TRADES_DLQ + "' }";
            assertThat(summary.getInt(dlq + ".messages")).isEqualTo(3);
            assertThat(summary.getList(dlq + ".latest.reason", String.class))
                    .containsExactly("price must be positive", "size must be positive", "timestamp missing");
            assertThat(summary.getList(dlq + ".latest.source", String.class)).containsOnly("alpaca");
            assertThat(summary.getList(dlq + ".latest.key", String.class)).containsOnly("AAPL");
        });
    }

    @Test
    void showsTheAggregatorsRowsNewestMinuteAndLastRun() throws Exception {
        try (Connection c = SummaryTestStack.connection(); Statement st = c.createStatement()) {
            st.execute("INSERT INTO aggregated_data (ticker, \"timestamp\") VALUES ('AAPL', '2024-03-01T14:31:00Z'), "
                    + "('AAPL', '2024-03-01T14:32:00Z'), ('MSFT', '2024-03-01T14:35:00Z'), ('ZTS', '2024-03-01T14:33:00Z') ON CONFLICT DO NOTHING");
            st.execute("INSERT INTO aggregator_runs (run_id, completed_at, units, rows_written, signal_sent) VALUES "
                    + "('run-old', '2024-03-01T10:00:00Z', 10, 100, true), ('run-new', '2024-03-02T10:00:00Z', 30, 300, false) "
                    + "ON CONFLICT DO NOTHING");
        }

        await().atMost(WAIT).untilAsserted(() -> {
            JsonPath summary = summary();
            assertThat(summary.getMap("aggregator")).containsEntry("rows", 4).containsEntry("rowsEstimated", false)
                    .containsEntry("lastTimestamp", "2024-03-01T14:35:00Z");
            assertThat(summary.getMap("aggregator").get("error")).isNull();
            assertThat(summary.getMap("aggregator.lastRun")).containsEntry("runId", "run-new").containsEntry("units", 30)
                    .containsEntry("rowsWritten", 300).containsEntry("signalSent", false)
                    .containsEntry("completedAt", "2024-03-02T10:00:00Z");
        });
    }

    @Test
    void historyRatesAddUpToTheRecordsProduced() throws Exception {
        createTopic(SummaryTestStack.BARS, 1);
        // Two samples that know the empty topic first, so every record lands in a step with a known start.
        await().atMost(WAIT).until(() -> barsPoints().size() >= 2);
        int before = barsPoints().size();
        for (int i = 0; i < 20; i++) {
            producer.send(new ProducerRecord<>(SummaryTestStack.BARS, 0, null, ("bar-" + i).getBytes())).get();
        }

        await().atMost(WAIT).untilAsserted(() -> {
            List<Map<String, Object>> points = barsPoints();
            double records = 0;
            for (int i = Math.max(1, before - 1); i < points.size(); i++) {
                double seconds = Duration.between(Instant.parse((String) points.get(i - 1).get("at")),
                        Instant.parse((String) points.get(i).get("at"))).toMillis() / 1000.0;
                records += ((Number) points.get(i).get("recordsPerSecond")).doubleValue() * seconds;
            }
            assertThat(records).isCloseTo(20.0, org.assertj.core.data.Offset.offset(0.01));
            assertThat(summary().getDouble("topics.find { it.dataset == 'h_alpaca' }.recordsPerSecond")).isPositive();
        });
    }

    private static List<Map<String, Object>> barsPoints() {
        return given().get("/api/summary/history").then().statusCode(200).extract().jsonPath()
                .getList("series.find { it.dataset == 'h_alpaca' }.points");
    }

    private static JsonPath summary() {
        return given().get("/api/summary").then().statusCode(200).extract().jsonPath();
    }

    private static void put(String key, byte[] bytes) {
        s3.putObject(p -> p.bucket(SummaryTestStack.BUCKET).key(key), RequestBody.fromBytes(bytes));
    }

    private static void createTopic(String topic, int partitions) throws Exception {
        try {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
        } catch (java.util.concurrent.ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }

    private static void commit(String group, Map<Integer, Long> offsets) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalStackResource.shared().kafkaBootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            Map<TopicPartition, OffsetAndMetadata> commit = new java.util.HashMap<>();
            offsets.forEach((partition, offset) -> commit.put(new TopicPartition(SummaryTestStack.TRADES, partition), new OffsetAndMetadata(offset)));
            consumer.commitSync(commit);
        }
    }
}
