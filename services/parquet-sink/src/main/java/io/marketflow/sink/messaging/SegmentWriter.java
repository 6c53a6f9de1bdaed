package io.marketflow.sink.messaging;

import java.time.DateTimeException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.BooleanSupplier;

import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.UnknownMemberIdException;
import org.apache.kafka.common.errors.IllegalGenerationException;
import org.jboss.logging.Logger;

import io.marketflow.contract.InvalidRecordException;
import io.marketflow.provider.Backoff;
import io.marketflow.sink.config.DatasetCatalog;
import io.marketflow.sink.domain.CutMarker;
import io.marketflow.sink.domain.DatasetSpec;
import io.marketflow.sink.domain.PartitionSegment;
import io.marketflow.sink.domain.RotationPolicy;
import io.marketflow.sink.domain.RowBuffer;
import io.marketflow.sink.domain.RowLayout;
import io.marketflow.sink.domain.SegmentName;
import io.marketflow.sink.format.parquet.ParquetFileWriter;
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
 * step (3) runs back on this thread ({@link #completeCuts}). A partition has at most one cut in flight, because its
 * next marker commits the next segment's start E+1, which is only allowed once the files of S..E are durable.
 */
public final class SegmentWriter {

    private static final Logger LOG = Logger.getLogger(SegmentWriter.class);
    /**
     * Below this many bytes a batch is parsed on the writer thread: forking costs more than it saves. Bytes, not
     * records: a handful of bar messages (2,000 bars each) is as much work as thousands of trades.
     */
    private static final long PARALLEL_PARSE_BYTES = 64 * 1024;

    private final DatasetCatalog catalog;
    private final Storage storage;
    private final ParquetFileWriter parquet;
    private final OffsetCommitter offsets;
    private final DeadLetterSink deadLetters;
    private final SinkMetrics metrics;
    private final RotationPolicy rotation;
    private final long maxBufferedBytes;
    private final int maxOpenFiles;
    private final Backoff backoff;
    private final StorageStatus status;
    /** Concurrent: {@link #revoked} reads it on the consumer's thread while this thread adds and drops segments. */
    private final Map<TopicPartition, PartitionSegment> segments = new ConcurrentHashMap<>();
    private final Set<String> knownBuckets = ConcurrentHashMap.newKeySet();
    private final ExecutorService uploads;
    private final Map<String, RowLayout> layouts = new ConcurrentHashMap<>();
    private final Deque<InFlightCut> inFlight = new ArrayDeque<>();
    /** Set when a cut failed for good (not retriable): nothing may be committed after it, or its range would be lost. */
    private RuntimeException failed;
    private CutHook hook = CutHook.NONE;
    private Runnable uploadsDone = () -> {
    };

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
        this.catalog = catalog;
        this.storage = storage;
        this.parquet = parquet;
        this.offsets = offsets;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
        this.rotation = rotation;
        this.maxBufferedBytes = maxBufferedBytes;
        this.maxOpenFiles = maxOpenFiles;
        this.backoff = backoff;
        this.status = status;
        this.uploads = Executors.newFixedThreadPool(Math.max(1, uploadThreads), r -> {
            Thread t = new Thread(r, "parquet-sink-upload");
            t.setDaemon(true);
            return t;
        });
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
        // Parsing is pure and most of the per-record CPU: done in parallel, applied in offset order below.
        List<Converted> converted = batch.size() < 2 || batchBytes < PARALLEL_PARSE_BYTES
                ? batch.stream().map(this::convert).toList()
                : batch.parallelStream().map(this::convert).toList();
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
                cut(List.of(segment));
                if (segment.revoked() || segment.skips(record.offset())) {
                    // The cut was abandoned and the consumer sought back: this record comes again after S..E.
                    continue;
                }
            }
            accept(segment, record, converted.get(i));
            if (segment.reachedForcedEnd() || rotation.rotateOnSize(segment)) {
                cut(List.of(segment));
            }
        }
        enforceMemoryBounds();
        resumeDeferredReplay();
        updateGauges();
    }

    /**
     * Above the memory cap with nothing else to cut: keeps the replay with the most rows buffered and defers the others
     * (their rows dropped, re-read from Kafka later). A replay holds no more than the segment its interrupted owner cut
     * under the same caps, so the buffers stay within the cap plus one such segment (and one poll batch), however many
     * replays land on this instance at once.
     */
    private void deferReplays() {
        List<PartitionSegment> replays = segments.values().stream()
                .filter(s -> s.forcedEnd().isPresent() && !s.deferred() && !s.revoked() && s.rows() > 0)
                .sorted(Comparator.comparingLong(PartitionSegment::bufferedBytes).reversed())
                .toList();
        for (PartitionSegment replay : replays.subList(Math.min(1, replays.size()), replays.size())) {
            LOG.infof("[deferReplays] - %s: replay held back above the memory cap (%d bytes), re-read after the current one", replay.id(),
                    replay.bufferedBytes());
            replay.defer();
        }
    }

    /** Once no replay is buffered any more, takes the next deferred one up again from its start. */
    private void resumeDeferredReplay() {
        PartitionSegment next = null;
        for (PartitionSegment s : segments.values()) {
            if (s.revoked()) {
                continue;
            }
            if (s.forcedEnd().isPresent() && !s.deferred() && s.hasOffsets()) {
                return;
            }
            if (s.deferred() && next == null) {
                next = s;
            }
        }
        if (next != null) {
            next.resume();
            seekQuietly(new TopicPartition(next.topic(), next.partition()), next.start());
        }
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
            cut(due);
        }
        updateGauges();
    }

    /** Cuts every open segment that may be cut (graceful shutdown). */
    public void flushAll() {
        dropRevoked();
        List<PartitionSegment> open = segments.values().stream()
                .filter(s -> s.hasOffsets() && s.forcedEnd().isEmpty()).toList();
        if (!open.isEmpty()) {
            cut(open);
        }
        awaitCuts();
    }

    /** Finishes every cut whose uploads are over: final commit and metrics. Never blocks on uploads. */
    public void completeCuts() {
        failIfFailed();
        Iterator<InFlightCut> it = inFlight.iterator();
        while (it.hasNext()) {
            InFlightCut cut = it.next();
            if (cut.uploads().isDone()) {
                it.remove();
                finish(cut);
            }
        }
        updateGauges();
    }

    /** Waits for every cut in flight and finishes it (shutdown, tests). */
    public void awaitCuts() {
        while (!inFlight.isEmpty()) {
            finish(inFlight.poll());
        }
        updateGauges();
    }

    /** @return the partitions this writer holds a segment for */
    public Set<TopicPartition> partitions() {
        return Set.copyOf(segments.keySet());
    }

    /** @param hook observer of the cut steps (fault injection in tests) */
    public void hook(CutHook hook) {
        this.hook = hook;
    }

    /**
     * @param listener called on an upload thread when a cut's files are durable (or abandoned); it must hand
     *                 {@link #completeCuts} to the writer's thread, never call it itself
     */
    public void onUploadsDone(Runnable listener) {
        this.uploadsDone = listener;
    }

    /** Turns one record into its rows (Hive path, row, estimated bytes) or a rejection reason; thread-safe. */
    private Converted convert(ConsumerRecord<byte[], byte[]> record) {
        RowLayout layout = layoutOf(record.topic());
        if (layout == null) {
            return Converted.NOTHING;
        }
        byte[] value = record.value();
        try {
            List<Object[]> flat = layout.spec().recordType().flatten(value);
            if (flat.isEmpty()) {
                return Converted.NOTHING;
            }
            List<PathRow> rows = new ArrayList<>(flat.size());
            Object[] previous = null;
            String path = null;
            for (Object[] f : flat) {
                layout.requireStorable(f);
                path = layout.hivePath(f, previous, path);
                rows.add(new PathRow(path, f));
                previous = f;
            }
            return new Converted(layout, rows, null);
        } catch (InvalidRecordException e) {
            return new Converted(null, List.of(), e.getMessage());
        } catch (RuntimeException e) {
            return new Converted(null, List.of(), rejectionOf(record, e));
        }
    }

    /**
     * Tells a poison record from a bug. Values out of the range the conversion can represent (an instant beyond what
     * epoch nanoseconds or a date hold) are the record's fault: it goes to the DLQ, the sink goes on. Anything else
     * (a null where validation promised a value, a bad index, a cast) is a bug in the conversion that would dead-letter
     * valid data, record after record: it stops the writer instead, loudly, and the batch is replayed after the fix.
     *
     * @param record the record being converted
     * @param e what its conversion threw, other than {@link InvalidRecordException}
     * @return the DLQ reason of a data error
     * @throws IllegalStateException for a bug
     */
    static String rejectionOf(ConsumerRecord<byte[], byte[]> record, RuntimeException e) {
        if (e instanceof ArithmeticException || e instanceof DateTimeException) {
            return "cannot convert the record: " + e;
        }
        throw new IllegalStateException("bug converting " + record.topic() + "-" + record.partition() + "@" + record.offset()
                + " (not dead-lettered, the writer stops): " + e, e);
    }

    /** @return the layout of the topic's dataset, null for a topic that has none; one map lookup per record */
    private RowLayout layoutOf(String topic) {
        RowLayout layout = layouts.get(topic);
        if (layout == null) {
            DatasetSpec spec = catalog.forTopic(topic).orElse(null);
            if (spec == null) {
                return null;
            }
            layout = layouts.computeIfAbsent(topic, t -> RowLayout.of(spec));
        }
        return layout;
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

    private void enforceMemoryBounds() {
        while (totalBuffered() > maxBufferedBytes || totalOpenFiles() > maxOpenFiles) {
            // Cut the largest segment first: it frees the most memory per round of commits.
            PartitionSegment largest = segments.values().stream()
                    .filter(s -> s.hasOffsets() && s.forcedEnd().isEmpty() && s.rows() > 0)
                    .max(Comparator.comparingLong(PartitionSegment::bufferedBytes))
                    .orElse(null);
            if (!inFlight.isEmpty() && (largest == null || inFlightBytes() >= maxBufferedBytes / 2)) {
                // Rows of a cut in flight still count: waiting for the oldest upload frees memory, and the consumer
                // pauses meanwhile (this thread is the back-pressure).
                finish(inFlight.poll());
                continue;
            }
            if (largest == null) {
                // Only replays are left, and they cannot be cut before their markers' ends: hold all but one back.
                deferReplays();
                return;
            }
            LOG.debugf("[enforceMemoryBounds] - cutting %s (%d bytes, %d files)", largest.id(), largest.bufferedBytes(), largest.openFiles());
            cut(List.of(largest));
        }
    }

    private void cut(List<PartitionSegment> toCut) {
        failIfFailed();
        awaitCutsOf(toCut);
        long began = System.nanoTime();
        List<PendingFile> files = new ArrayList<>();
        List<StaleCopies> staleCopies = new ArrayList<>();
        Map<TopicPartition, OffsetAndMetadata> markers = new HashMap<>();
        Map<TopicPartition, OffsetAndMetadata> finals = new HashMap<>();
        List<PartitionSegment> cut = new ArrayList<>();
        for (PartitionSegment segment : toCut) {
            if (!segment.hasOffsets() || segment.revoked()) {
                continue;
            }
            TopicPartition tp = new TopicPartition(segment.topic(), segment.partition());
            long start = segment.start();
            long end = segment.last();
            if (segment.rows() > 0) {
                DatasetSpec spec = catalog.forTopic(segment.topic()).orElseThrow();
                SegmentName name = new SegmentName(segment.topic(), segment.partition(), start, end);
                List<String> keys = new ArrayList<>();
                for (Map.Entry<String, RowBuffer> path : segment.rowsByPath().entrySet()) {
                    String key = spec.directory(path.getKey()) + name.fileName();
                    keys.add(key);
                    files.add(new PendingFile(segment, spec, key, path.getValue()));
                }
                // A replay commits the interrupted marker unchanged: until its final commit, it still says where the
                // first attempt's files went.
                String marker = segment.marker() != null ? segment.marker() : CutMarker.of(end, spec);
                markers.put(tp, new OffsetAndMetadata(start, marker));
                CutMarker.writtenAs(marker).filter(w -> !w.layout().equals(spec.layoutFingerprint()))
                        .ifPresent(w -> staleCopies.add(new StaleCopies(segment, w, name.fileName(), spec.bucket(), Set.copyOf(keys))));
            }
            finals.put(tp, new OffsetAndMetadata(end + 1));
            cut.add(segment);
        }
        if (cut.isEmpty()) {
            return;
        }
        if (!markers.isEmpty() && !commitOrAbandon(markers, cut)) {
            return;
        }
        hook.afterMarkers();
        ensureBuckets(files);
        long bytes = 0;
        List<Long> oldestEvents = new ArrayList<>();
        for (PartitionSegment segment : cut) {
            bytes += segment.bufferedBytes();
            if (segment.oldestEventMillis() != Long.MAX_VALUE && segment.rows() > 0) {
                oldestEvents.add(segment.oldestEventMillis());
            }
        }
        CompletableFuture<long[]> uploads = encodeAndUpload(files);
        if (!staleCopies.isEmpty()) {
            // After the new files are durable and before the final commit: a crash in between replays and deletes again.
            uploads = uploads.thenApplyAsync(sizes -> {
                staleCopies.forEach(this::deleteStaleCopies);
                return sizes;
            }, this.uploads);
        }
        InFlightCut inFlightCut = new InFlightCut(cut, finals, files, uploads, bytes, oldestEvents, began);
        inFlight.add(inFlightCut);
        // The rows now belong to the cut in flight; the partitions' next segments start right after it.
        for (PartitionSegment segment : cut) {
            segment.restartAt(segment.last() + 1);
        }
        uploads.whenComplete((sizes, error) -> uploadsDone.run());
    }

    /** Step 3 of a cut, on the writer's thread once its files are durable: commit E+1 where the partition is still ours. */
    private void finish(InFlightCut cut) {
        long[] sizes;
        try {
            sizes = cut.uploads().join();
            hook.afterUploads();
        } catch (CompletionException e) {
            failed = e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
            throw failed;
        } catch (RuntimeException e) {
            failed = e;
            throw e;
        }
        List<PartitionSegment> stillOurs = cut.segments().stream().filter(s -> !s.revoked()).toList();
        Map<TopicPartition, OffsetAndMetadata> committable = new HashMap<>();
        for (PartitionSegment s : stillOurs) {
            TopicPartition tp = new TopicPartition(s.topic(), s.partition());
            committable.put(tp, cut.finals().get(tp));
        }
        // All or nothing: if one partition moved meanwhile, the others' next markers (E+1, cut=…) commit past S..E too.
        boolean committed = committable.isEmpty() || retry("final commit",
                () -> tryCommit(committable, () -> stillOurs.stream().noneMatch(PartitionSegment::revoked)),
                () -> stillOurs.stream().allMatch(PartitionSegment::revoked));
        long now = System.currentTimeMillis();
        for (int i = 0; i < cut.files().size(); i++) {
            metrics.rowsWritten(cut.files().get(i).spec().topic(), cut.files().get(i).rows().size(), sizes[i]);
        }
        for (long oldest : cut.oldestEvents()) {
            metrics.durable(Duration.ofMillis(now - oldest));
        }
        metrics.cut(Duration.ofNanos(System.nanoTime() - cut.began()));
        LOG.debugf("[finish] - %s segments, %s files, committed=%s", (Object) cut.segments().size(), (Object) cut.files().size(), committed);
    }

    /** Finishes the cuts in flight of these segments first: a partition's next marker must follow its final commit. */
    private void awaitCutsOf(List<PartitionSegment> toCut) {
        Iterator<InFlightCut> it = inFlight.iterator();
        while (it.hasNext()) {
            InFlightCut cut = it.next();
            if (cut.segments().stream().anyMatch(toCut::contains)) {
                it.remove();
                finish(cut);
            }
        }
    }

    /**
     * Commits the write-ahead markers. When the group says the partitions are no longer ours, the cut is abandoned: the
     * segments restart at their start and the consumer seeks back, so a partition that stays ours loses nothing.
     */
    private boolean commitOrAbandon(Map<TopicPartition, OffsetAndMetadata> markers, List<PartitionSegment> cut) {
        boolean ok = retry("write-ahead commit", () -> tryCommit(markers, () -> cut.stream().noneMatch(PartitionSegment::revoked)),
                () -> cut.stream().allMatch(PartitionSegment::revoked));
        if (ok) {
            return true;
        }
        for (PartitionSegment segment : cut) {
            // Not restartAt: a replay keeps its marker's end, and records fetched before the seek must not be taken.
            segment.rewind();
            if (!segment.revoked()) {
                seekQuietly(new TopicPartition(segment.topic(), segment.partition()), segment.start());
            }
        }
        return false;
    }

    /**
     * @param owned asked on the consumer's thread right before committing: none of the segments was revoked meanwhile
     * @return true when committed; false when fenced (partition no longer ours); throws on a retriable failure
     */
    private boolean tryCommit(Map<TopicPartition, OffsetAndMetadata> offsetsToCommit, BooleanSupplier owned) {
        try {
            offsets.commit(offsetsToCommit, owned);
            status.up();
            return true;
        } catch (CommitFailedException | RebalanceInProgressException | FencedInstanceIdException | IllegalGenerationException
                 | UnknownMemberIdException e) {
            LOG.warnf("[tryCommit] - commit of %s refused, the partitions moved: %s", offsetsToCommit.keySet(), e.getMessage());
            return false;
        }
    }

    /** Creates missing buckets on this thread: parallel PUTs must not race the creation of their bucket. */
    private void ensureBuckets(List<PendingFile> files) {
        for (PendingFile file : files) {
            String bucket = file.spec().bucket();
            if (!knownBuckets.contains(bucket)) {
                retry("create bucket " + bucket, () -> {
                    storage.ensureBucket(bucket);
                    knownBuckets.add(bucket);
                    return true;
                }, () -> file.segment().revoked());
            }
        }
    }

    /**
     * Encodes and PUTs the files of a cut in parallel on the upload threads (Parquet encoding is most of a cut's CPU).
     *
     * @return completes with the encoded size of each file when every file is durable or its partition was revoked
     */
    private CompletableFuture<long[]> encodeAndUpload(List<PendingFile> files) {
        long[] sizes = new long[files.size()];
        CompletableFuture<?>[] tasks = new CompletableFuture<?>[files.size()];
        for (int i = 0; i < files.size(); i++) {
            int index = i;
            tasks[i] = CompletableFuture.runAsync(() -> {
                PendingFile file = files.get(index);
                byte[] bytes = parquet.write(file.rows());
                sizes[index] = bytes.length;
                upload(file, bytes);
            }, uploads);
        }
        return CompletableFuture.allOf(tasks).thenApply(done -> sizes);
    }

    /**
     * A replay whose interrupted cut was written with another layout (a rolling upgrade changed the dataset's
     * partitioning, prefix, bucket or schema in between): the replay wrote S..E in the current layout, so the first
     * attempt's copies under the old one would duplicate those rows. They are found by their name, which only S..E's
     * files carry, under the old bucket and prefix, and deleted.
     */
    private void deleteStaleCopies(StaleCopies stale) {
        CutMarker.WrittenAs old = stale.writtenAs();
        String prefix = old.prefix().isEmpty() ? "" : old.prefix() + "/";
        retry("delete copies of " + stale.fileName() + " in the old layout", () -> {
            List<String> copies = storage.list(old.bucket(), prefix).stream().map(o -> o.key())
                    .filter(k -> k.endsWith("/" + stale.fileName()) || k.equals(stale.fileName()))
                    .filter(k -> !(old.bucket().equals(stale.bucket()) && stale.written().contains(k)))
                    .toList();
            for (String key : copies) {
                storage.delete(old.bucket(), key);
            }
            LOG.warnf("[deleteStaleCopies] - %s: written in layout %s before, now %s files in the current one; %d copies under %s/%s deleted",
                    stale.fileName(), old.layout(), stale.written().size(), copies.size(), old.bucket(), prefix);
            return true;
        }, () -> stale.segment().revoked());
    }

    private void upload(PendingFile file, byte[] bytes) {
        retry("upload " + file.key(), () -> {
            storage.put(file.spec().bucket(), file.key(), bytes);
            status.up();
            return true;
        }, () -> file.segment().revoked());
    }

    /**
     * Runs a step until it succeeds, with exponential backoff; gives up only when {@code abandoned} says the partitions
     * moved to another member (who replays them).
     *
     * @return the step's result, false when abandoned
     */
    private boolean retry(String what, java.util.function.Supplier<Boolean> step, BooleanSupplier abandoned) {
        int attempt = 0;
        while (true) {
            try {
                return step.get();
            } catch (RuntimeException e) {
                if (e instanceof CutHook.SimulatedCrash crash) {
                    throw crash;
                }
                attempt++;
                status.down(what + ": " + e.getMessage());
                LOG.warnf("[retry] - %s failed (attempt %d), retrying: %s", what, attempt, e.toString());
                if (abandoned.getAsBoolean()) {
                    return false;
                }
                pause(backoff.delay(attempt, ThreadLocalRandom.current().nextDouble()));
                if (abandoned.getAsBoolean()) {
                    return false;
                }
            }
        }
    }

    /**
     * Sleeps on the writer thread, which also stops consumption ({@link RawTopicPoller} pauses the partitions once it
     * holds its one poll ahead) instead of buffering more.
     */
    private static void pause(Duration delay) {
        try {
            // never 0: a sub-millisecond backoff must not turn the retry into a busy loop
            Thread.sleep(Math.max(1, delay.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while backing off", e);
        }
    }

    private void failIfFailed() {
        if (failed != null) {
            throw new IllegalStateException("an earlier cut failed, the writer stopped: " + failed, failed);
        }
    }

    private void seekQuietly(TopicPartition tp, long offset) {
        if (offset < 0) {
            return;
        }
        try {
            offsets.seek(tp, offset);
        } catch (RuntimeException e) {
            LOG.debugf("[seekQuietly] - %s not ours any more: %s", tp, e.getMessage());
        }
    }

    private void dropRevoked() {
        segments.values().removeIf(PartitionSegment::revoked);
    }

    private long inFlightBytes() {
        long sum = 0;
        for (InFlightCut cut : inFlight) {
            sum += cut.bytes();
        }
        return sum;
    }

    /** @return estimated bytes of every buffered row, open segments and cuts in flight */
    private long totalBuffered() {
        long sum = inFlightBytes();
        for (PartitionSegment s : segments.values()) {
            sum += s.bufferedBytes();
        }
        return sum;
    }

    private long totalOpenFiles() {
        long sum = 0;
        for (PartitionSegment s : segments.values()) {
            sum += s.openFiles();
        }
        return sum;
    }

    private void updateGauges() {
        metrics.gauges(totalOpenFiles(), totalBuffered());
    }

    /** A record's rows in its dataset's layout, or why it was rejected. */
    private record Converted(RowLayout layout, List<PathRow> rows, String rejection) {
        static final Converted NOTHING = new Converted(null, List.of(), null);
    }

    /** One row as its record type flattens it, with its Hive path. */
    private record PathRow(String path, Object[] flat) {
    }

    /** A cut whose markers are committed and whose files are being encoded and uploaded. */
    private record InFlightCut(List<PartitionSegment> segments, Map<TopicPartition, OffsetAndMetadata> finals, List<PendingFile> files,
                               CompletableFuture<long[]> uploads, long bytes, List<Long> oldestEvents, long began) {
    }

    /** The first attempt's files of a replayed range, written in another layout, to delete once the replay's are durable. */
    private record StaleCopies(PartitionSegment segment, CutMarker.WrittenAs writtenAs, String fileName, String bucket, Set<String> written) {
    }

    /** One file of a cut, encoded and ready to PUT. */
    private record PendingFile(PartitionSegment segment, DatasetSpec spec, String key, RowBuffer rows) {
    }
}
