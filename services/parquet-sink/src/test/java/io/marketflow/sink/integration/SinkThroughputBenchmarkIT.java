package io.marketflow.sink.integration;

import static io.marketflow.sink.SinkTestSupport.duckdb;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import io.marketflow.contract.ContractJson;
import io.marketflow.contract.Trade;
import io.marketflow.localstack.StackAddresses;
import io.marketflow.sink.SinkTestSupport;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Throughput of the packaged sink against Kafka's own {@code ConsumerPerformance} on the same topic in the same run.
 * Runs only with {@code -Dbenchmark=true}; writes the numbers to {@code target/benchmark.txt}.
 */
class SinkThroughputBenchmarkIT {

    private static final int RECORDS = Integer.getInteger("benchmark.records", 1_000_000);
    private static final int PARTITIONS = 4;
    private static final Path APP = Path.of("target", "quarkus-app", "quarkus-run.jar");

    @Test
    void measuresSinkThroughputAgainstConsumerPerformance() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("benchmark"), "benchmark runs only with -Dbenchmark=true");
        Path toolsClasspath = Path.of("..", "local-stack", "target", "local-stack.classpath");
        Path repo = Path.of(System.getProperty("user.home"), ".m2", "repository");
        Path kafkaTools = repo.resolve("org/apache/kafka/kafka-tools/4.2.1/kafka-tools-4.2.1.jar");
        Path argparse = repo.resolve("net/sourceforge/argparse4j/argparse4j/0.7.0/argparse4j-0.7.0.jar");
        Assumptions.assumeTrue(Files.exists(toolsClasspath) && Files.exists(kafkaTools) && Files.exists(argparse), "Kafka tools not found");
        StackAddresses stack = SinkTestSupport.stack();
        String token = SinkTestSupport.runToken();
        String topic = "bench_trades_" + token.toLowerCase();
        try (Admin admin = admin(stack)) {
            admin.createTopics(List.of(new NewTopic(topic, PARTITIONS, (short) 1))).all().get();
        }
        long bytes = produce(topic, token);

        // 1. Kafka's own consumer, no processing: the ceiling.
        String cp = Files.readString(toolsClasspath).trim() + ":" + kafkaTools + ":" + argparse;
        Path perfLog = Path.of("target", "bench-consumer-perf-" + token + ".log");
        long perfStart = System.nanoTime();
        Process perf = new ProcessBuilder(javaBin(), "-Xmx1g", "-cp", cp, "org.apache.kafka.tools.ConsumerPerformance",
                "--bootstrap-server", stack.kafkaBootstrapServers(), "--topic", topic, "--messages", Integer.toString(RECORDS),
                "--group", "bench-perf-" + token, "--timeout", "60000")
                .redirectErrorStream(true).redirectOutput(perfLog.toFile()).start();
        assertThat(perf.waitFor(5, TimeUnit.MINUTES)).isTrue();
        double perfWallSeconds = (System.nanoTime() - perfStart) / 1e9;
        String perfOutput = Files.readString(perfLog, StandardCharsets.UTF_8);

        // 2. The sink: from process start (JVM start included) until every offset is committed, i.e. durable in S3.
        Path sinkLog = Path.of("target", "bench-sink-" + token + ".log");
        String dataset = "marketflow.sink.datasets." + topic + ".";
        long sinkStart = System.nanoTime();
        Process sink = new ProcessBuilder(javaBin(), "-Xmx512m", "-Dquarkus.http.port=0",
                "-Dkafka.bootstrap.servers=" + stack.kafkaBootstrapServers(),
                "-Dmarketflow.s3.endpoint=" + stack.s3Endpoint(),
                "-Dmarketflow.s3.access-key=" + stack.s3AccessKey(),
                "-Dmarketflow.s3.secret-key=" + stack.s3SecretKey(),
                "-Dmp.messaging.incoming.raw-topics.topics=" + topic,
                "-Dmp.messaging.incoming.raw-topics.group.id=bench-sink-" + token,
                "-Dmarketflow.sink.rotation.max-open-time=2s",
                "-D" + dataset + "record-type=TRADE", "-D" + dataset + "bucket=bench", "-D" + dataset + "prefix=" + token,
                "-D" + dataset + "partition-by=source,ticker,date",
                "-jar", APP.toString()).redirectErrorStream(true).redirectOutput(sinkLog.toFile()).start();
        double sinkSeconds;
        try {
            await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(250)).until(() -> drained(stack, topic, "bench-sink-" + token));
            sinkSeconds = (System.nanoTime() - sinkStart) / 1e9;
        } finally {
            sink.destroy();
            sink.waitFor(20, TimeUnit.SECONDS);
            sink.destroyForcibly();
        }

        try (S3Client s3 = SinkTestSupport.s3()) {
            Path dir = SinkTestSupport.download(s3, "bench", token + "/");
            assertThat(duckdb(dir, "SELECT count(DISTINCT (kafka_partition, kafka_offset)) AS d FROM t").get(0).get("d")).isEqualTo((long) RECORDS);
        }
        String report = String.format("records=%d bytes=%d partitions=%d%n"
                        + "ConsumerPerformance: wall %.1f s incl. JVM start -> %.0f records/s; its own report:%n%s%n"
                        + "parquet-sink: wall %.1f s incl. JVM start, group join and final commits -> %.0f records/s (%.2f of ConsumerPerformance)%n",
                RECORDS, bytes, PARTITIONS, perfWallSeconds, RECORDS / perfWallSeconds, perfOutput.lines()
                        .filter(l -> l.startsWith("start.time") || l.matches("^\\d{4}-\\d{2}-\\d{2} .*")).reduce("", (a, b) -> a + b + "\n"),
                sinkSeconds, RECORDS / sinkSeconds, perfWallSeconds / sinkSeconds);
        Files.writeString(Path.of("target", "benchmark.txt"), report);
        System.out.println(report);
    }

    private static long produce(String topic, String token) {
        long bytes = 0;
        try (KafkaProducer<byte[], byte[]> producer = SinkTestSupport.producer()) {
            Instant base = Instant.parse("2026-11-20T14:30:00Z");
            for (int i = 0; i < RECORDS; i++) {
                String ticker = "B" + token + (i % 50);
                Trade trade = i % 2 == 0 ? Trade.synthetic(ticker, base.plusNanos(i * 1_000_003L), 100 + (i % 5000) * 0.01, 1 + i % 300)
                        : new Trade(1, ticker, base.plusNanos(i * 1_000_003L), 100 + (i % 5000) * 0.01, 1 + i % 300, "V", (long) i,
                        List.of("@"), "C", "alpaca", false);
                byte[] value = ContractJson.toBytes(trade);
                bytes += value.length;
                SinkTestSupport.send(producer, topic, ticker, value);
            }
        }
        return bytes;
    }

    private static boolean drained(StackAddresses stack, String topic, String group) throws Exception {
        try (Admin admin = admin(stack)) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
            long sum = 0;
            for (int p = 0; p < PARTITIONS; p++) {
                TopicPartition tp = new TopicPartition(topic, p);
                long end = admin.listOffsets(Map.of(tp, OffsetSpec.latest())).all().get().get(tp).offset();
                OffsetAndMetadata c = committed.get(tp);
                if ((c == null ? 0 : c.offset()) < end) {
                    return false;
                }
                sum += c == null ? 0 : c.offset();
            }
            return sum == RECORDS;
        }
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static Admin admin(StackAddresses stack) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
        return Admin.create(props);
    }
}
