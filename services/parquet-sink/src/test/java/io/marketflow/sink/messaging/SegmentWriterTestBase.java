package io.marketflow.sink.messaging;

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
import org.junit.jupiter.api.io.TempDir;

import io.marketflow.contract.ContractJson;
import io.marketflow.contract.Trade;
import io.marketflow.provider.Backoff;
import io.marketflow.sink.SinkTestSupport;
import io.marketflow.sink.config.DatasetCatalog;
import io.marketflow.sink.domain.DatasetSpec;
import io.marketflow.sink.domain.RecordType;
import io.marketflow.sink.domain.RotationPolicy;
import io.marketflow.sink.format.parquet.ParquetFileWriter;
import io.marketflow.sink.storage.LocalStorage;
import io.marketflow.sink.storage.StoredObject;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * Fixtures of the segment writer's tests: a writer over local storage with a recording committer (no broker), trades
 * to feed it, and readers of what it stored and committed.
 */
abstract class SegmentWriterTestBase {

    static final String TOPIC = "trades";
    static final TopicPartition TP = new TopicPartition(TOPIC, 0);
    /** The dataset as the writer below has it, for the layout its markers carry. */
    static final DatasetSpec SPEC = new DatasetSpec(TOPIC, "bucket", "", RecordType.TRADE, List.of("ticker"));

    @TempDir
    Path dir;
    LocalStorage storage;
    RecordingCommitter committer;
    List<String> deadLetters;

    @BeforeEach
    void setUp() {
        storage = new LocalStorage(dir);
        committer = new RecordingCommitter();
        deadLetters = new ArrayList<>();
    }

    SegmentWriter writer(int maxRecords, long maxBufferedBytes) {
        return writer(maxRecords, maxBufferedBytes, new SinkMetrics(new SimpleMeterRegistry()));
    }

    SegmentWriter writer(int maxRecords, long maxBufferedBytes, SinkMetrics metrics) {
        return writer(maxRecords, maxBufferedBytes, metrics, List.of("ticker"));
    }

    SegmentWriter writer(int maxRecords, long maxBufferedBytes, SinkMetrics metrics, List<String> partitionBy) {
        DatasetCatalog catalog = DatasetCatalog.of(List.of(new DatasetSpec(TOPIC, "bucket", "", RecordType.TRADE, partitionBy)));
        return new SegmentWriter(catalog, storage, new ParquetFileWriter(CompressionCodecName.SNAPPY, 1 << 20), committer,
                (record, reason) -> deadLetters.add(record.offset() + ":" + reason), metrics,
                new RotationPolicy(maxRecords, Long.MAX_VALUE, Duration.ofHours(1)), maxBufferedBytes, 1000,
                new Backoff(Duration.ofMillis(1), Duration.ofMillis(2), Backoff.Jitter.NONE), new StorageStatus(), 2);
    }

    static List<ConsumerRecord<byte[], byte[]>> trades(long from, long to, String ticker) {
        return trades(0, from, to, ticker);
    }

    static List<ConsumerRecord<byte[], byte[]>> trades(int partition, long from, long to, String ticker) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (long offset = from; offset <= to; offset++) {
            byte[] value = ContractJson.toBytes(Trade.synthetic(ticker, Instant.parse("2026-11-20T15:00:00Z").plusSeconds(offset), 10 + offset, 1));
            records.add(new ConsumerRecord<>(TOPIC, partition, offset, null, value));
        }
        return records;
    }

    List<String> files() {
        return storage.list("bucket", "").stream().map(StoredObject::key).sorted().toList();
    }

    /** @return the kafka_offset of every stored row, file by file in name order */
    List<Long> storedOffsets() {
        List<Long> offsets = new ArrayList<>();
        for (String key : files()) {
            offsets.addAll(SinkTestSupport.duckdbLongs(dir.resolve("bucket").resolve(key), "kafka_offset"));
        }
        return offsets;
    }

    static Map<TopicPartition, OffsetAndMetadata> committed(OffsetAndMetadata offset) {
        Map<TopicPartition, OffsetAndMetadata> map = new HashMap<>();
        map.put(TP, offset);
        return map;
    }

    /** Records commits and seeks; can refuse one commit as a fenced zombie would see. */
    static final class RecordingCommitter implements OffsetCommitter {
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
