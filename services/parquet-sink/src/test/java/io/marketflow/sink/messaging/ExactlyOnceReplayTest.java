package io.marketflow.sink.messaging;

import static io.marketflow.sink.SinkTestSupport.duckdb;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import io.marketflow.contract.ContractJson;
import io.marketflow.contract.Trade;
import io.marketflow.sink.SinkTestSupport;
import io.marketflow.sink.config.DatasetCatalog;
import io.marketflow.sink.domain.CutMarker;
import io.marketflow.sink.domain.DatasetSpec;
import io.marketflow.sink.domain.RecordType;
import java.util.ArrayList;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * The segment writer against the real broker and S3 server, stopped between its uploads and its final commit and
 * started again: the replay rewrites the same objects and DuckDB finds every offset exactly once.
 */
class ExactlyOnceReplayTest extends S3TestsBase {

    private static final int RECORDS = 2_000;
    private static final String BUCKET = "eo-replay-test";

    @Test
    void replaysACrashedCutIntoTheSameFilesWithoutDuplicates() throws Exception {
        String token = SinkTestSupport.runToken();
        String topic = "eo_trades_" + token.toLowerCase();
        String group = "eo-sink-" + token;
        SinkHarness.createTopic(topic, 3);
        double priceSum = produce(topic, token);
        DatasetCatalog catalog = DatasetCatalog.of(List.of(
                new DatasetSpec(topic, BUCKET, token, RecordType.TRADE, List.of("source", "ticker", "date"))));

        // Run 1: the first cut commits its write-ahead marker and uploads, then the process "dies".
        Map<String, byte[]> beforeCrash;
        try (SinkHarness first = new SinkHarness(catalog, topic, group, s3, 300)) {
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
        try (SinkHarness second = new SinkHarness(catalog, topic, group, s3, 300)) {
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

    private static double produce(String topic, String token) throws Exception {
        double sum = 0;
        List<Future<RecordMetadata>> sends = new ArrayList<>(RECORDS);
        try (KafkaProducer<byte[], byte[]> producer = SinkTestSupport.producer()) {
            Instant base = Instant.parse("2026-11-20T15:00:00Z");
            for (int i = 0; i < RECORDS; i++) {
                String ticker = "E" + token + (i % 7);
                double price = 100 + (i % 97) * 0.25;
                sum += price;
                Trade trade = i % 3 == 0 ? Trade.synthetic(ticker, base.plusMillis(i), price, 1)
                        : new Trade(1, ticker, base.plusMillis(i), price, 2, "V", (long) i, List.of(), null, "alpaca", false);
                sends.add(SinkTestSupport.send(producer, topic, ticker, ContractJson.toBytes(trade)));
            }
            producer.flush();
        }
        // The expected totals below assume every record reached the topic: say so here if one did not.
        for (Future<RecordMetadata> send : sends) {
            send.get();
        }
        return Math.round(sum * 1e6) / 1e6;
    }

    /**
     * The Parquet files under the run's prefix. The crashed writer's upload threads still finish its later cuts in
     * flight, and S3Proxy's filesystem backend lists a PUT's temporary {@code <key>-<uuid>} file until it renames it
     * (CI once listed one and got NoSuchKey on the GET), so only finished {@code .parquet} objects are taken.
     */
    private static Map<String, byte[]> objects(String token) {
        Map<String, byte[]> objects = new HashMap<>();
        for (var o : SinkTestSupport.listAll(s3, BUCKET)) {
            if (o.key().startsWith(token + "/") && o.key().endsWith(".parquet")) {
                objects.put(o.key(), s3.getObjectAsBytes(g -> g.bucket(BUCKET).key(o.key())).asByteArray());
            }
        }
        return objects;
    }

}
