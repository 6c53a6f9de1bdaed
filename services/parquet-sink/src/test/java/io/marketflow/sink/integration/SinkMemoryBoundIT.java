package io.marketflow.sink.integration;

import static io.marketflow.sink.SinkTestSupport.duckdb;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;

import io.marketflow.contract.ContractJson;
import io.marketflow.contract.Trade;
import io.marketflow.localstack.StackAddresses;
import io.marketflow.sink.SinkTestSupport;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * 1,000 concurrently open partition paths in a 512 MB heap: one Kafka partition, 1,000 tickers, rotation by count,
 * size and time pushed out of the way, so only the global buffer cap (default 128 MB) bounds memory.
 */
class SinkMemoryBoundIT {

    private static final int RECORDS = 600_000;
    private static final int TICKERS = 1_000;
    private static final Path APP = Path.of("target", "quarkus-app", "quarkus-run.jar");

    @Test
    void holdsAThousandOpenPathsInA512MegabyteHeap() throws Exception {
        StackAddresses stack = SinkTestSupport.stack();
        String token = SinkTestSupport.runToken();
        String topic = "mem_trades_" + token.toLowerCase();
        String group = "mem-sink-" + token;
        PackagedSink.createTopic(stack, topic, 1);
        try (KafkaProducer<byte[], byte[]> producer = SinkTestSupport.producer()) {
            Instant base = Instant.parse("2026-11-20T15:00:00Z");
            for (int i = 0; i < RECORDS; i++) {
                String ticker = "M" + token + (i % TICKERS);
                SinkTestSupport.send(producer, topic, ticker, ContractJson.toBytes(
                        new Trade(1, ticker, base.plusNanos(i * 1_000L), 10 + i % 100, 1, "V", (long) i, List.of("@"), "C", "alpaca", false)));
            }
        }
        String dataset = "marketflow.sink.datasets." + topic + ".";
        Path log = Path.of("target", "memory-it-" + token + ".log");
        Process sink = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-XX:+ExitOnOutOfMemoryError", "-Dquarkus.http.port=0",
                "-Dkafka.bootstrap.servers=" + stack.kafkaBootstrapServers(),
                "-Dmarketflow.s3.endpoint=" + stack.s3Endpoint(),
                "-Dmarketflow.s3.access-key=" + stack.s3AccessKey(),
                "-Dmarketflow.s3.secret-key=" + stack.s3SecretKey(),
                "-Dmp.messaging.incoming.raw-topics.topics=" + topic,
                "-Dmp.messaging.incoming.raw-topics.group.id=" + group,
                "-Dmarketflow.sink.rotation.max-records=100000000",
                "-Dmarketflow.sink.rotation.max-segment-bytes=100000000000",
                "-Dmarketflow.sink.rotation.max-open-time=30s",
                "-D" + dataset + "record-type=TRADE", "-D" + dataset + "bucket=memory-test", "-D" + dataset + "prefix=" + token,
                "-D" + dataset + "partition-by=ticker",
                "-jar", APP.toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                assertThat(sink.isAlive()).as("sink alive (see %s)", log).isTrue();
                return PackagedSink.drained(stack, topic, group, 1, RECORDS);
            });
        } finally {
            sink.destroy();
            sink.waitFor(20, TimeUnit.SECONDS);
            sink.destroyForcibly();
        }
        assertThat(Files.readString(log)).doesNotContain("OutOfMemoryError");
        try (S3Client s3 = SinkTestSupport.s3()) {
            Path dir = SinkTestSupport.download(s3, "memory-test", token + "/");
            Map<String, Object> totals = duckdb(dir, "SELECT count(*) AS n, count(DISTINCT kafka_offset) AS d, "
                    + "count(DISTINCT ticker) AS k FROM t").get(0);
            assertThat(totals).containsEntry("n", (long) RECORDS).containsEntry("d", (long) RECORDS).containsEntry("k", (long) TICKERS);
        }
    }
}
