package io.marketflow.sink.messaging;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import io.marketflow.provider.Backoff;
import io.marketflow.sink.config.DatasetCatalog;
import io.marketflow.sink.domain.CutMarker;
import io.marketflow.sink.domain.PartitionSegment;
import io.marketflow.sink.domain.RotationPolicy;
import io.marketflow.sink.format.parquet.ParquetFileWriter;
import io.marketflow.sink.messaging.RecordConverter.Converted;
import io.marketflow.sink.messaging.RecordConverter.PathRow;
import io.marketflow.sink.storage.Storage;

/**
 * The exactly-once core: per Kafka partition one open segment, cut into files with a write-ahead commit. Not thread
 * safe: one thread calls everything except {@link #revoked}, which only flips a volatile flag.
 *
 * <p>A cut of segment [S, E]: (1) commit {@code S} with metadata {@code cut=E}; (2) PUT every Hive path's file named
 * {@code topic+p+S+E.parquet}; (3) commit {@code E+1}. A crash between (1) and (3) leaves the marker, so the next owner
 * replays S..E, cuts at E again and overwrites the same names with the same bytes. See the module README.
 *
 * <p>Pipelined: step (2) runs on the upload threads while this thread keeps buffering the partitions' next segments;
 * step (3) runs back on this thread ({@link #completeCuts}). The roles: {@link RecordConverter} (records to rows),
 * {@link CutProtocol} (the three steps, cuts in flight) with {@link OwnedCommits} (steps 1 and 3) and
 * {@link UploadPipeline} (step 2), {@link MemoryGovernor} (buffer caps, deferred replays); this class routes records to
 * segments and decides when to cut.
 */
public final class SegmentWriter {

    private static final Logger LOG = Logger.getLogger(SegmentWriter.class);

    private final RecordConverter converter;
    private final CutProtocol cuts;
    private final MemoryGovernor memory;
    private final DeadLetterSink deadLetters;
    private final SinkMetrics metrics;
    private final RotationPolicy rotation;
    /** Concurrent: {@link #revoked} reads it on the consumer's thread while this thread adds and drops segments. */
    private final Map<TopicPartition, PartitionSegment> segments = new ConcurrentHashMap<>();

    /**
     * @param catalog datasets by topic
     * @param storage the object store
     * @param parquet the file encoder
     * @param offsets commits on the owning consumer
     * @param deadLetters the DLQ
     * @param metrics meters
     * @param rotation rotation predicates
     * @param maxBufferedBytes global buffer cap
     * @param maxOpenFiles global open-path cap
     * @param backoff retry pacing
     * @param status storage health, read by the readiness check
     * @param uploadThreads files of a cut encoded and uploaded in parallel
     */
    public SegmentWriter(DatasetCatalog catalog, Storage storage, ParquetFileWriter parquet, OffsetCommitter offsets,
                         DeadLetterSink deadLetters, SinkMetrics metrics, RotationPolicy rotation, long maxBufferedBytes,
                         int maxOpenFiles, Backoff backoff, StorageStatus status, int uploadThreads) {
        // One retrier for every step of a cut: they all pace with the same backoff and report to the same readiness.
        Retrier retrier = new Retrier(backoff, status);
        OwnedCommits commits = new OwnedCommits(offsets, retrier, status);
        this.converter = new RecordConverter(catalog);
        this.cuts = new CutProtocol(catalog, commits, new UploadPipeline(storage, parquet, retrier, status, uploadThreads), metrics);
        this.memory = new MemoryGovernor(cuts, commits, maxBufferedBytes, maxOpenFiles);
        this.deadLetters = deadLetters;
        this.metrics = metrics;
        this.rotation = rotation;
    }

    /**
     * Called on (re)assignment with the group's committed offsets: a {@code cut=E} marker fixes the first segment's end.
     *
     * @param committed committed offset per newly assigned partition; null value when the group has none
     */
    public void assigned(Map<TopicPartition, OffsetAndMetadata> committed) {
        for (Map.Entry<TopicPartition, OffsetAndMetadata> entry : committed.entrySet()) {
            TopicPartition tp = entry.getKey();
            OffsetAndMetadata c = entry.getValue();
            long start = c == null ? -1 : c.offset();
            OptionalLong cut = c == null ? OptionalLong.empty() : CutMarker.parse(c.metadata());
            if (cut.isPresent()) {
                // An interrupted cut: its files may be partly uploaded; the replay rewrites them under the same names.
                LOG.infof("[assigned] - %s: replaying interrupted cut %d..%d", tp, start, cut.getAsLong());
            } else {
                LOG.debugf("[assigned] - %s from %d", tp, start);
            }
            segments.put(tp, new PartitionSegment(tp.topic(), tp.partition(), start, cut.isPresent() ? c.metadata() : null));
        }
        updateGauges();
    }

    /**
     * Called on the consumer's thread when partitions are revoked or lost: their buffered rows are dropped (the next
     * owner replays them from the committed offset) and an in-flight cut stops retrying.
     *
     * @param partitions the partitions
     */
    public void revoked(Collection<TopicPartition> partitions) {
        for (TopicPartition tp : partitions) {
            PartitionSegment segment = segments.get(tp);
            if (segment != null) {
                segment.revoke();
            }
        }
    }

    /**
     * Takes a batch of records: buffers their rows, sends invalid ones to the DLQ, cuts what rotation says.
     *
     * @param records records in partition order
     */
    public void process(Iterable<ConsumerRecord<byte[], byte[]>> records) {
        completeCuts();
        dropRevoked();
        List<ConsumerRecord<byte[], byte[]>> batch = new ArrayList<>();
        long batchBytes = 0;
        for (ConsumerRecord<byte[], byte[]> record : records) {
            batch.add(record);
            batchBytes += Math.max(0, record.serializedValueSize());
        }
        List<Converted> converted = converter.convertAll(batch, batchBytes);
        String topic = null;
        int partition = -1;
        PartitionSegment segment = null;
        for (int i = 0; i < batch.size(); i++) {
            ConsumerRecord<byte[], byte[]> record = batch.get(i);
            if (record.partition() != partition || !record.topic().equals(topic)) {
                // A poll's records come partition by partition: one map lookup per run, not per record.
                topic = record.topic();
                partition = record.partition();
                segment = segments.get(new TopicPartition(topic, partition));
            }
            if (segment == null) {
                // Assignment always precedes records; a record without a segment belongs to a partition we lost.
                continue;
            }
            if (segment.revoked() || segment.skips(record.offset())) {
                continue;
            }
            if (segment.mustCutBefore(record.offset())) {
                cuts.cut(List.of(segment));
                if (segment.revoked() || segment.skips(record.offset())) {
                    // The cut was abandoned and the consumer sought back: this record comes again after S..E.
                    continue;
                }
            }
            accept(segment, record, converted.get(i));
            if (segment.reachedForcedEnd() || rotation.rotateOnSize(segment)) {
                cuts.cut(List.of(segment));
            }
        }
        memory.enforce(segments.values());
        memory.resumeDeferredReplay(segments.values());
        updateGauges();
    }

    /**
     * Cuts every segment that has been open longer than the rotation allows; called periodically.
     */
    public void rotateByTime() {
        completeCuts();
        dropRevoked();
        long now = System.nanoTime();
        List<PartitionSegment> due = segments.values().stream().filter(s -> rotation.rotateOnTime(s, now)).toList();
        if (!due.isEmpty()) {
            cuts.cut(due);
        }
        updateGauges();
    }

    /** Cuts every open segment that may be cut (graceful shutdown). */
    public void flushAll() {
        dropRevoked();
        List<PartitionSegment> open = segments.values().stream()
                .filter(s -> s.hasOffsets() && s.forcedEnd().isEmpty()).toList();
        if (!open.isEmpty()) {
            cuts.cut(open);
        }
        awaitCuts();
    }

    /** Finishes every cut whose uploads are over: final commit and metrics. Never blocks on uploads. */
    public void completeCuts() {
        cuts.completeCuts();
        updateGauges();
    }

    /** Waits for every cut in flight and finishes it (shutdown, tests). */
    public void awaitCuts() {
        cuts.awaitCuts();
        updateGauges();
    }

    /** @return the partitions this writer holds a segment for */
    public Set<TopicPartition> partitions() {
        return Set.copyOf(segments.keySet());
    }

    /** @param hook observer of the cut steps (fault injection in tests) */
    public void hook(CutHook hook) {
        cuts.hook(hook);
    }

    /**
     * @param listener called on an upload thread when a cut's files are durable (or abandoned); it must hand
     *                 {@link #completeCuts} to the writer's thread, never call it itself
     */
    public void onUploadsDone(Runnable listener) {
        cuts.onUploadsDone(listener);
    }

    private void accept(PartitionSegment segment, ConsumerRecord<byte[], byte[]> record, Converted converted) {
        if (converted.rejection() != null) {
            deadLetters.send(record, converted.rejection());
            metrics.deadLettered(record.topic());
        }
        for (PathRow row : converted.rows()) {
            segment.add(row.path(), converted.layout(), row.flat(), record.offset());
        }
        segment.consumed(record.offset(), record.timestamp());
    }

    private void dropRevoked() {
        segments.values().removeIf(PartitionSegment::revoked);
    }

    private void updateGauges() {
        metrics.gauges(memory.totalOpenFiles(segments.values()), memory.totalBuffered(segments.values()));
    }
}
