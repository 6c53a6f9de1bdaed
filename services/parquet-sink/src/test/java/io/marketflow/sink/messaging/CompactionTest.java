package io.marketflow.sink.messaging;

import static io.marketflow.sink.SinkTestSupport.duckdb;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.Test;

import io.marketflow.contract.ContractJson;
import io.marketflow.contract.Trade;
import io.marketflow.sink.SinkTestSupport;
import io.marketflow.sink.config.DatasetCatalog;
import io.marketflow.sink.domain.DatasetSpec;
import io.marketflow.sink.domain.RecordType;
import io.marketflow.sink.domain.SegmentName;
import io.marketflow.sink.format.parquet.ParquetFileMerger;
import io.marketflow.sink.storage.Compactor;
import io.marketflow.sink.storage.S3Storage;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Compaction on the real S3 server over files the segment writer wrote: row count and checksums unchanged, one file per
 * partition path afterwards, a crash between a merged upload and its deletes repaired by the next run, and two
 * instances of one group each compacting only the partitions their consumer owns.
 */
class CompactionTest extends S3TestsBase {

    private static final String BUCKET = "compaction-test";

    @Test
    void mergesSmallFilesKeepingRowsAndChecksumsEvenAfterACrashMidway() throws Exception {
        String token = SinkTestSupport.runToken();
        String topic = "compact_trades_" + token.toLowerCase();
        SinkHarness.createTopic(topic, 2);
        try (KafkaProducer<byte[], byte[]> producer = SinkTestSupport.producer()) {
            Instant base = Instant.parse("2026-11-20T15:00:00Z");
            for (int i = 0; i < 1500; i++) {
                String ticker = "C" + token + (i % 3);
                SinkTestSupport.send(producer, topic, ticker, ContractJson.toBytes(
                        new Trade(1, ticker, base.plusMillis(i), 50 + (i % 89) * 0.5, 1 + i % 5, "V", (long) i, List.of(), null, "alpaca", false)));
            }
        }
        DatasetSpec spec = new DatasetSpec(topic, BUCKET, token, RecordType.TRADE, List.of("source", "ticker", "date"));
        Map<Integer, Long> committed;
        try (SinkHarness sink = new SinkHarness(DatasetCatalog.of(List.of(spec)), topic, "compact-" + token, s3, 100)) {
            sink.runUntil(() -> sink.allCommittedTo(1500), Duration.ofSeconds(60));
            committed = sink.committedByPartition();
        }
        String checksums = "SELECT count(*) AS n, count(DISTINCT (kafka_partition, kafka_offset)) AS d, round(sum(price), 6) AS p, "
                + "sum(kafka_offset) AS o, sum(hash(ticker, \"timestamp\", price, size, trade_id)) AS h FROM t";
        Map<String, Object> before = duckdb(SinkTestSupport.download(s3, BUCKET, token + "/"), checksums).get(0);
        int filesBefore = keys(token).size();
        assertThat(before.get("n")).isEqualTo(1500L);
        assertThat(filesBefore).isGreaterThan(6);

        Compactor compactor = new Compactor(new S3Storage(s3, "test"), new ParquetFileMerger(CompressionCodecName.ZSTD, 8 << 20), 2, 1L << 30);
        compactor.afterMergedUpload(() -> {
            throw new IllegalStateException("simulated crash between merged upload and deletes");
        });
        assertThatThrownBy(() -> compactor.compact(spec, committed)).hasMessageContaining("simulated crash");
        compactor.afterMergedUpload(() -> {
        });
        Compactor.Result result = compactor.compact(spec, committed);

        List<String> after = keys(token);
        Map<String, Long> filesPerDirectory = after.stream()
                .collect(Collectors.groupingBy(k -> k.substring(0, k.lastIndexOf('/')) + "|" + SegmentName.parse(k).orElseThrow().partition(),
                        Collectors.counting()));
        assertThat(filesPerDirectory.values()).containsOnly(1L);
        assertThat(after).hasSizeLessThan(filesBefore);
        assertThat(result.coveredDeleted()).isPositive();
        Path dir = SinkTestSupport.download(s3, BUCKET, token + "/");
        assertThat(duckdb(dir, checksums).get(0)).isEqualTo(before);
    }

    @Test
    void twoInstancesEachCompactOnlyThePartitionsTheirConsumerOwns() throws Exception {
        String token = SinkTestSupport.runToken();
        String topic = "compact_owned_" + token.toLowerCase();
        String group = "compact-owned-" + token;
        SinkHarness.createTopic(topic, 2);
        try (KafkaProducer<byte[], byte[]> producer = SinkTestSupport.producer()) {
            Instant base = Instant.parse("2026-11-20T15:00:00Z");
            for (int i = 0; i < 1000; i++) {
                String ticker = "O" + token + (i % 2);
                // Each ticker in its own partition, so that both instances have files to compact.
                producer.send(new ProducerRecord<>(topic, i % 2, ticker.getBytes(StandardCharsets.UTF_8), ContractJson.toBytes(
                        new Trade(1, ticker, base.plusMillis(i), 10 + (i % 7), 1, "V", (long) i, List.of(), null, "alpaca", false)))).get();
            }
        }
        DatasetSpec spec = new DatasetSpec(topic, BUCKET, token, RecordType.TRADE, List.of("ticker"));
        Map<Integer, Long> committed;
        try (SinkHarness sink = new SinkHarness(DatasetCatalog.of(List.of(spec)), topic, group, s3, 100)) {
            sink.runUntil(() -> sink.allCommittedTo(1000), Duration.ofSeconds(60));
            committed = sink.committedByPartition();
        }
        String checksums = "SELECT count(*) AS n, count(DISTINCT (kafka_partition, kafka_offset)) AS d, round(sum(price), 6) AS p FROM t";
        Map<String, Object> before = duckdb(SinkTestSupport.download(s3, BUCKET, token + "/"), checksums).get(0);

        // Two instances of the sink's group: each consumer ends up with one of the two partitions.
        try (KafkaConsumer<byte[], byte[]> a = member(group, topic); KafkaConsumer<byte[], byte[]> b = member(group, topic)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                a.poll(Duration.ofMillis(50));
                b.poll(Duration.ofMillis(50));
                return a.assignment().size() == 1 && b.assignment().size() == 1;
            });
            int partitionOfA = a.assignment().iterator().next().partition();
            Compactor compactor = new Compactor(new S3Storage(s3, "test"), new ParquetFileMerger(CompressionCodecName.ZSTD, 8 << 20), 2, 1L << 30);
            List<String> untouchedByA = keys(token).stream().filter(k -> SegmentName.parse(k).orElseThrow().partition() != partitionOfA).toList();

            Compactor.Result byA = compactor.compact(spec, committed, p -> owns(a, topic, p));

            assertThat(byA.mergedFiles()).isNotEmpty().allMatch(k -> SegmentName.parse(k).orElseThrow().partition() == partitionOfA);
            assertThat(keys(token)).containsAll(untouchedByA);
            compactor.compact(spec, committed, p -> owns(b, topic, p));
        }

        Map<String, Long> filesPerDirectory = keys(token).stream()
                .collect(Collectors.groupingBy(k -> k.substring(0, k.lastIndexOf('/')) + "|" + SegmentName.parse(k).orElseThrow().partition(),
                        Collectors.counting()));
        assertThat(filesPerDirectory).hasSize(2);
        assertThat(filesPerDirectory.values()).containsOnly(1L);
        assertThat(duckdb(SinkTestSupport.download(s3, BUCKET, token + "/"), checksums).get(0)).isEqualTo(before);
    }

    private static boolean owns(KafkaConsumer<byte[], byte[]> consumer, String topic, int partition) {
        return consumer.assignment().contains(new TopicPartition(topic, partition));
    }

    private static KafkaConsumer<byte[], byte[]> member(String group, String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SinkTestSupport.stack().kafkaBootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(topic));
        return consumer;
    }

    private static List<String> keys(String token) {
        return SinkTestSupport.listAll(s3, BUCKET).stream().map(S3Object::key).filter(k -> k.startsWith(token + "/")).toList();
    }
}
