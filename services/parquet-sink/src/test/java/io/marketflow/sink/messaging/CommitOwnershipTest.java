package io.marketflow.sink.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.marketflow.contract.ContractJson;
import io.marketflow.contract.Trade;
import io.marketflow.provider.Backoff;
import io.marketflow.sink.config.DatasetCatalog;
import io.marketflow.sink.domain.CutMarker;
import io.marketflow.sink.domain.DatasetSpec;
import io.marketflow.sink.domain.RecordType;
import io.marketflow.sink.domain.RotationPolicy;
import io.marketflow.sink.format.parquet.ParquetFileWriter;
import io.marketflow.sink.storage.LocalStorage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * Commits the writer queues to the consumer's thread, with a rebalance forced between queueing and running (a poll
 * that completed one in between): the commit of a partition that moved must not go out.
 */
class CommitOwnershipTest {

    private static final String TOPIC = "trades";
    private static final TopicPartition TP = new TopicPartition(TOPIC, 0);
    /** The dataset as the writer below has it, for the layout its markers carry. */
    private static final DatasetSpec SPEC = new DatasetSpec(TOPIC, "bucket", "", RecordType.TRADE, List.of("ticker"));

    @TempDir
    Path dir;
    private final List<Map<TopicPartition, OffsetAndMetadata>> commits = new ArrayList<>();
    private MockConsumer<byte[], byte[]> consumer;
    private RebalancingThread thread;
    private SegmentWriter writer;

    @BeforeEach
    void setUp() {
        consumer = new MockConsumer<>("earliest") {
            @Override
            public synchronized void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets, Duration timeout) {
                // MockConsumer commits whatever it is given, assigned or not: as the group does for a member that
                // moved a partition away in a cooperative or consumer-protocol rebalance.
                commits.add(Map.copyOf(offsets));
                super.commitSync(offsets, timeout);
            }
        };
        consumer.assign(List.of(TP));
        thread = new RebalancingThread(consumer);
        DatasetCatalog catalog = DatasetCatalog.of(List.of(new DatasetSpec(TOPIC, "bucket", "", RecordType.TRADE, List.of("ticker"))));
        writer = new SegmentWriter(catalog, new LocalStorage(dir), new ParquetFileWriter(CompressionCodecName.SNAPPY, 1 << 20),
                new ChannelOffsetCommitter(thread, Duration.ofSeconds(5)), (record, reason) -> {
                }, new SinkMetrics(new SimpleMeterRegistry()), new RotationPolicy(5, Long.MAX_VALUE, Duration.ofHours(1)),
                Long.MAX_VALUE, 1000, new Backoff(Duration.ofMillis(1), Duration.ofMillis(2), Backoff.Jitter.NONE), new StorageStatus(), 1);
        Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>();
        committed.put(TP, null);
        writer.assigned(committed);
    }

    @Test
    void aMarkerQueuedBeforeARebalanceThatMovedThePartitionAwayIsNotCommitted() {
        // The rebalance runs on the consumer's thread after the writer queued its marker, before the marker runs.
        thread.beforeNextCall(() -> {
            writer.revoked(List.of(TP));
            consumer.assign(List.of());
        });

        writer.process(trades(0, 4));
        writer.awaitCuts();

        assertThat(commits).isEmpty();
        assertThat(dir.resolve("bucket")).doesNotExist();
    }

    @Test
    void aMarkerQueuedBeforeAnEagerRebalanceThatGaveThePartitionBackIsNotCommitted() {
        // Eager: revoked, then assigned again to this member, whose new segment read committed() without a marker.
        thread.beforeNextCall(() -> writer.revoked(List.of(TP)));

        writer.process(trades(0, 4));
        writer.awaitCuts();

        assertThat(commits).isEmpty();
        assertThat(dir.resolve("bucket")).doesNotExist();
    }

    @Test
    void aFinalCommitQueuedBeforeARebalanceThatMovedThePartitionAwayIsNotCommitted() {
        // The marker goes out; the partition moves before the final commit runs: the next owner replays the marker.
        thread.beforeCall(2, () -> {
            writer.revoked(List.of(TP));
            consumer.assign(List.of());
        });

        writer.process(trades(0, 4));
        writer.awaitCuts();

        assertThat(commits).containsExactly(Map.of(TP, new OffsetAndMetadata(0, CutMarker.of(4, SPEC))));
    }

    private static List<ConsumerRecord<byte[], byte[]>> trades(long from, long to) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (long offset = from; offset <= to; offset++) {
            byte[] value = ContractJson.toBytes(Trade.synthetic("AAPL", Instant.parse("2026-11-20T15:00:00Z").plusSeconds(offset), 10 + offset, 1));
            records.add(new ConsumerRecord<>(TOPIC, 0, offset, null, value));
        }
        return records;
    }

    /** The consumer's thread as a test drives it: a chosen call first runs a rebalance, as a poll in between would. */
    private static final class RebalancingThread implements ConsumerThread {
        private final MockConsumer<byte[], byte[]> consumer;
        private int calls;
        private int rebalanceAt = -1;
        private Runnable rebalance = () -> {
        };

        RebalancingThread(MockConsumer<byte[], byte[]> consumer) {
            this.consumer = consumer;
        }

        void beforeNextCall(Runnable rebalance) {
            beforeCall(calls + 1, rebalance);
        }

        void beforeCall(int call, Runnable rebalance) {
            this.rebalanceAt = call;
            this.rebalance = rebalance;
        }

        @Override
        public <T> T call(Function<Consumer<byte[], byte[]>, T> action, Duration timeout) {
            calls++;
            if (calls == rebalanceAt) {
                rebalance.run();
            }
            return action.apply(consumer);
        }

        @Override
        public void seek(TopicPartition partition, long offset, Duration timeout) {
            call(c -> {
                c.seek(partition, offset);
                return null;
            }, timeout);
        }
    }
}
