package io.marketflow.sink.messaging;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.jboss.logging.Logger;

import io.marketflow.sink.domain.CutMarker;
import io.marketflow.sink.format.parquet.ParquetFileWriter;
import io.marketflow.sink.messaging.CutPlan.PendingFile;
import io.marketflow.sink.messaging.CutPlan.StaleCopies;
import io.marketflow.sink.storage.Storage;

/** Step 2 of a cut: creates missing buckets, encodes and PUTs the files in parallel, then deletes stale copies. */
final class UploadPipeline {

    private static final Logger LOG = Logger.getLogger(UploadPipeline.class);

    private final Storage storage;
    private final ParquetFileWriter parquet;
    private final Retrier retrier;
    private final StorageStatus status;
    private final Set<String> knownBuckets = ConcurrentHashMap.newKeySet();
    private final ExecutorService uploads;

    /**
     * @param storage       the object store
     * @param parquet       the file encoder
     * @param retrier       retries a failed PUT, bucket creation or delete until the partition moves
     * @param status        storage health, up again once a PUT went through
     * @param uploadThreads files of a cut encoded and uploaded in parallel
     */
    UploadPipeline(Storage storage, ParquetFileWriter parquet, Retrier retrier, StorageStatus status, int uploadThreads) {
        this.storage = storage;
        this.parquet = parquet;
        this.retrier = retrier;
        this.status = status;
        this.uploads = Executors.newFixedThreadPool(Math.max(1, uploadThreads), r -> {
            Thread t = new Thread(r, "parquet-sink-upload");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Creates the cut's missing buckets on this thread, then hands its files to the upload threads.
     *
     * @param plan a cut whose markers are committed
     * @return completes with the encoded size of each file when every file is durable (and the stale copies deleted) or
     *         its partition was revoked
     */
    CompletableFuture<long[]> start(CutPlan plan) {
        ensureBuckets(plan.files());
        CompletableFuture<long[]> done = encodeAndUpload(plan.files());
        if (!plan.staleCopies().isEmpty()) {
            // After the new files are durable and before the final commit: a crash in between replays and deletes again.
            done = done.thenApplyAsync(sizes -> {
                plan.staleCopies().forEach(this::deleteStaleCopies);
                return sizes;
            }, uploads);
        }
        return done;
    }

    /** Creates missing buckets on this thread: parallel PUTs must not race the creation of their bucket. */
    private void ensureBuckets(List<PendingFile> files) {
        for (PendingFile file : files) {
            String bucket = file.spec().bucket();
            if (!knownBuckets.contains(bucket)) {
                retrier.retry("create bucket " + bucket, () -> {
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
        retrier.retry("delete copies of " + stale.fileName() + " in the old layout", () -> {
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
        retrier.retry("upload " + file.key(), () -> {
            storage.put(file.spec().bucket(), file.key(), bytes);
            status.up();
            return true;
        }, () -> file.segment().revoked());
    }
}
