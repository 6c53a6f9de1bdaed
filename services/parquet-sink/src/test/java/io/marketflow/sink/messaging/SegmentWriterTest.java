package io.marketflow.sink.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.marketflow.contract.ContractJson;
import io.marketflow.contract.Trade;
import io.marketflow.provider.Backoff;
import io.marketflow.sink.SinkTestSupport;
import io.marketflow.sink.config.DatasetCatalog;
import io.marketflow.sink.domain.CutMarker;
import io.marketflow.sink.domain.DatasetSpec;
import io.marketflow.sink.domain.RecordType;
import io.marketflow.sink.domain.RotationPolicy;
import io.marketflow.sink.format.parquet.ParquetFileWriter;
import io.marketflow.sink.storage.LocalStorage;
import io.marketflow.sink.storage.StoredObject;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The segment writer's commit protocol with a recording committer and local storage (no broker): the order of
 * write-ahead marker, uploads and final commit, replays cut at the marker, fenced commits, memory bounds.
 */
class SegmentWriterTest {

    private static final String TOPIC = "trades";
    private static final TopicPartition TP = new TopicPartition(TOPIC, 0);
    /** The dataset as the writer below has it, for the layout its markers carry. */
    private static final DatasetSpec SPEC = new DatasetSpec(TOPIC, "bucket", "", RecordType.TRADE, List.of("ticker"));

    @TempDir
    Path dir;
    private LocalStorage storage;
    private RecordingCommitter committer;
    private List<String> deadLetters;

    @BeforeEach
    void setUp() {
        storage = new LocalStorage(dir);
        committer = new RecordingCommitter();
        deadLetters = new ArrayList<>();
    }

    private SegmentWriter writer(int maxRecords, long maxBufferedBytes) {
        return writer(maxRecords, maxBufferedBytes, new SinkMetrics(new SimpleMeterRegistry()));
    }

    private SegmentWriter writer(int maxRecords, long maxBufferedBytes, SinkMetrics metrics) {
        return writer(maxRecords, maxBufferedBytes, metrics, List.of("ticker"));
    }

    private SegmentWriter writer(int maxRecords, long maxBufferedBytes, SinkMetrics metrics, List<String> partitionBy) {
        DatasetCatalog catalog = DatasetCatalog.of(List.of(new DatasetSpec(TOPIC, "bucket", "", RecordType.TRADE, partitionBy)));
        return new SegmentWriter(catalog, storage, new ParquetFileWriter(CompressionCodecName.SNAPPY, 1 << 20), committer,
                (record, reason) -> deadLetters.add(record.offset() + ":" + reason), metrics,
                new RotationPolicy(maxRecords, Long.MAX_VALUE, Duration.ofHours(1)), maxBufferedBytes, 1000,
                new Backoff(Duration.ofMillis(1), Duration.ofMillis(2), Backoff.Jitter.NONE), new StorageStatus(), 2);
    }

    private static List<ConsumerRecord<byte[], byte[]>> trades(long from, long to, String ticker) {
        return trades(0, from, to, ticker);
    }

    private static List<ConsumerRecord<byte[], byte[]>> trades(int partition, long from, long to, String ticker) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (long offset = from; offset <= to; offset++) {
            byte[] value = ContractJson.toBytes(Trade.synthetic(ticker, Instant.parse("2026-11-20T15:00:00Z").plusSeconds(offset), 10 + offset, 1));
            records.add(new ConsumerRecord<>(TOPIC, partition, offset, null, value));
        }
        return records;
    }

    private List<String> files() {
        return storage.list("bucket", "").stream().map(StoredObject::key).sorted().toList();
    }

    /** @return the kafka_offset of every stored row, file by file in name order */
    private List<Long> storedOffsets() {
        List<Long> offsets = new ArrayList<>();
        for (String key : files()) {
            offsets.addAll(SinkTestSupport.duckdbLongs(dir.resolve("bucket").resolve(key), "kafka_offset"));
        }
        return offsets;
    }

    @Test
    void commitsTheCutAheadThenUploadsThenCommitsTheNextOffset() {
        SegmentWriter writer = writer(10, Long.MAX_VALUE);
        writer.assigned(committed(null));

        writer.process(trades(0, 9, "AAPL"));

        writer.awaitCuts();

        assertThat(committer.commits).containsExactly(
                Map.of(TP, new OffsetAndMetadata(0, CutMarker.of(9, SPEC))),
                Map.of(TP, new OffsetAndMetadata(10)));
        assertThat(files()).containsExactly("ticker=AAPL/trades+0+00000000000000000000+00000000000000000009.parquet");
    }

    @Test
    void cutsAReplayedSegmentExactlyAtItsWriteAheadMarker() {
        SegmentWriter writer = writer(1000, Long.MAX_VALUE);
        writer.assigned(committed(new OffsetAndMetadata(5, "cut=7")));

        writer.process(trades(5, 12, "MSFT"));

        writer.awaitCuts();

        assertThat(files()).containsExactly("ticker=MSFT/trades+0+00000000000000000005+00000000000000000007.parquet");
        assertThat(committer.commits.get(committer.commits.size() - 1)).isEqualTo(Map.of(TP, new OffsetAndMetadata(8)));
    }

    @Test
    void skipsRedeliveredOffsetsBelowTheCommittedOne() {
        SegmentWriter writer = writer(3, Long.MAX_VALUE);
        writer.assigned(committed(new OffsetAndMetadata(4)));

        writer.process(trades(0, 6, "IBM"));

        writer.awaitCuts();

        assertThat(files()).containsExactly("ticker=IBM/trades+0+00000000000000000004+00000000000000000006.parquet");
    }

    @Test
    void abandonsTheCutAndSeeksBackWhenTheGroupFencesTheMarker() {
        SegmentWriter writer = writer(5, Long.MAX_VALUE);
        writer.assigned(committed(new OffsetAndMetadata(0)));
        committer.refuseNext = true;

        writer.process(trades(0, 4, "AAPL"));

        writer.awaitCuts();

        assertThat(files()).isEmpty();
        assertThat(committer.seeks).containsExactly(TP + "@0");
        writer.process(trades(0, 4, "AAPL"));
        writer.awaitCuts();
        assertThat(files()).hasSize(1);
    }

    @Test
    void anAbandonedCutTakesNoRecordFetchedBeforeItsSeekSoTheRedeliveryIsStoredWhole() {
        SegmentWriter writer = writer(5, Long.MAX_VALUE);
        writer.assigned(committed(new OffsetAndMetadata(0)));
        committer.refuseNext = true;

        // The marker of 0..4 is refused (a rebalance that kept the partition); 5..9 were fetched before the seek.
        writer.process(trades(0, 9, "AAPL"));
        writer.awaitCuts();
        assertThat(committer.seeks).containsExactly(TP + "@0");
        // After the seek the consumer delivers 0..9 again.
        writer.process(trades(0, 9, "AAPL"));
        writer.awaitCuts();

        assertThat(files()).containsExactly(
                "ticker=AAPL/trades+0+00000000000000000000+00000000000000000004.parquet",
                "ticker=AAPL/trades+0+00000000000000000005+00000000000000000009.parquet");
        assertThat(storedOffsets()).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
        assertThat(committer.commits.get(committer.commits.size() - 1)).isEqualTo(Map.of(TP, new OffsetAndMetadata(10)));
    }

    @Test
    void anAbandonedReplayKeepsItsWriteAheadMarkerAndCutsThereAgain() {
        SegmentWriter writer = writer(1000, Long.MAX_VALUE);
        writer.assigned(committed(new OffsetAndMetadata(5, "cut=7")));
        committer.refuseNext = true;

        writer.process(trades(5, 12, "MSFT"));
        writer.awaitCuts();
        writer.process(trades(5, 12, "MSFT"));
        writer.flushAll();

        assertThat(files()).containsExactly(
                "ticker=MSFT/trades+0+00000000000000000005+00000000000000000007.parquet",
                "ticker=MSFT/trades+0+00000000000000000008+00000000000000000012.parquet");
        assertThat(storedOffsets()).containsExactly(5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L);
    }

    @Test
    void buffersOneReplayAtATimeAboveTheMemoryCapAndStoresEachWhole() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        SegmentWriter writer = writer(1000, 1_000, new SinkMetrics(registry));
        TopicPartition tp1 = new TopicPartition(TOPIC, 1);
        Map<TopicPartition, OffsetAndMetadata> replays = new HashMap<>();
        replays.put(TP, new OffsetAndMetadata(0, "cut=29"));
        replays.put(tp1, new OffsetAndMetadata(0, "cut=29"));
        writer.assigned(replays);

        // Both replays arrive interleaved, as two partitions of one poll do; neither may be cut before offset 29.
        List<ConsumerRecord<byte[], byte[]>> first = new ArrayList<>(trades(0, 0, 14, "AAPL"));
        first.addAll(trades(1, 0, 14, "MSFT"));
        writer.process(first);
        double openFilesWithBothHalfRead = registry.get("marketflow.sink.open.files").gauge().value();
        List<ConsumerRecord<byte[], byte[]>> second = new ArrayList<>(trades(0, 15, 29, "AAPL"));
        second.addAll(trades(1, 15, 29, "MSFT"));
        writer.process(second);
        writer.awaitCuts();
        // The held-back replay was sought back to its start; the consumer delivers it again.
        assertThat(committer.seeks).containsExactly(tp1 + "@0");
        writer.process(trades(1, 0, 29, "MSFT"));
        writer.awaitCuts();

        assertThat(openFilesWithBothHalfRead).as("paths buffered while both replays were half read").isEqualTo(1.0);
        assertThat(files()).containsExactly(
                "ticker=AAPL/trades+0+00000000000000000000+00000000000000000029.parquet",
                "ticker=MSFT/trades+1+00000000000000000000+00000000000000000029.parquet");
        for (String key : files()) {
            assertThat(SinkTestSupport.duckdbLongs(dir.resolve("bucket").resolve(key), "kafka_offset")).hasSize(30).doesNotHaveDuplicates();
        }
    }

    @Test
    void aReplayAfterAnUpgradeThatChangedThePartitioningDeletesTheCopiesOfTheOldLayout() {
        SegmentWriter before = writer(5, Long.MAX_VALUE);
        before.hook(new CutHook() {
            @Override
            public void afterUploads() {
                throw new CutHook.SimulatedCrash("after uploads, before the final commit");
            }
        });
        before.assigned(committed(new OffsetAndMetadata(0)));
        assertThatThrownBy(() -> {
            before.process(trades(0, 4, "AAPL"));
            before.awaitCuts();
        }).isInstanceOf(CutHook.SimulatedCrash.class);
        OffsetAndMetadata marker = committer.commits.get(committer.commits.size() - 1).get(TP);
        assertThat(files()).containsExactly("ticker=AAPL/trades+0+00000000000000000000+00000000000000000004.parquet");

        // The rolling upgrade: the dataset is no longer partitioned by ticker; the new version replays the marker.
        SegmentWriter after = writer(5, Long.MAX_VALUE, new SinkMetrics(new SimpleMeterRegistry()), List.of());
        after.assigned(committed(marker));
        after.process(trades(0, 4, "AAPL"));
        after.awaitCuts();

        assertThat(files()).containsExactly("trades+0+00000000000000000000+00000000000000000004.parquet");
        assertThat(storedOffsets()).containsExactly(0L, 1L, 2L, 3L, 4L);
        assertThat(committer.commits.get(committer.commits.size() - 1)).isEqualTo(Map.of(TP, new OffsetAndMetadata(5)));
    }

    @Test
    void sendsInvalidRecordsToTheDeadLetterSinkAndStillCommitsPastThem() {
        SegmentWriter writer = writer(3, Long.MAX_VALUE);
        writer.assigned(committed(null));
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>(trades(0, 1, "AAPL"));
        records.add(new ConsumerRecord<>(TOPIC, 0, 2, null, "oops".getBytes()));

        writer.process(records);

        writer.awaitCuts();
        writer.flushAll();

        assertThat(deadLetters).singleElement().asString().startsWith("2:not a valid Trade");
        assertThat(committer.commits.get(committer.commits.size() - 1)).isEqualTo(Map.of(TP, new OffsetAndMetadata(3)));
    }

    @Test
    void deadLettersValuesOutOfRangeButStopsOnABugInTheConversion() {
        ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>(TOPIC, 0, 7, null, new byte[0]);

        assertThat(SegmentWriter.rejectionOf(record, new ArithmeticException("long overflow"))).contains("long overflow");
        assertThat(SegmentWriter.rejectionOf(record, new java.time.DateTimeException("Instant exceeds minimum or maximum")))
                .contains("Instant exceeds");
        assertThatThrownBy(() -> SegmentWriter.rejectionOf(record, new NullPointerException("row[3]")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("trades-0@7").hasMessageContaining("not dead-lettered");
        assertThatThrownBy(() -> SegmentWriter.rejectionOf(record, new ArrayIndexOutOfBoundsException(12)))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void cutsTheLargestSegmentWhenTheBufferCapIsReached() throws Exception {
        SegmentWriter writer = writer(1_000_000, 4_000);
        writer.assigned(committed(null));

        writer.process(trades(0, 29, "AAPL"));

        writer.awaitCuts();

        assertThat(files()).isNotEmpty();
        assertThat(Files.walk(dir).filter(p -> p.toString().endsWith(".inprogress"))).isEmpty();
    }

    private static Map<TopicPartition, OffsetAndMetadata> committed(OffsetAndMetadata offset) {
        Map<TopicPartition, OffsetAndMetadata> map = new HashMap<>();
        map.put(TP, offset);
        return map;
    }

    /** Records commits and seeks; can refuse one commit as a fenced zombie would see. */
    private static final class RecordingCommitter implements OffsetCommitter {
        final List<Map<TopicPartition, OffsetAndMetadata>> commits = new ArrayList<>();
        final List<String> seeks = new ArrayList<>();
        boolean refuseNext;

        @Override
        public void commit(Map<TopicPartition, OffsetAndMetadata> offsets, BooleanSupplier owned) {
            if (refuseNext || !owned.getAsBoolean()) {
                refuseNext = false;
                throw new CommitFailedException("fenced");
            }
            commits.add(Map.copyOf(offsets));
        }

        @Override
        public void seek(TopicPartition partition, long offset) {
            seeks.add(partition + "@" + offset);
        }
    }
}
