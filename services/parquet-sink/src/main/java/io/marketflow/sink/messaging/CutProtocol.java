package io.marketflow.sink.messaging;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.jboss.logging.Logger;

import io.marketflow.sink.config.DatasetCatalog;
import io.marketflow.sink.domain.PartitionSegment;

/**
 * Runs the cuts: marker commit, uploads handed to the pipeline, then, back on the writer's thread, the final commit;
 * holds the cuts in flight and stops everything after a cut failed for good. Not thread safe: the writer's thread only.
 *
 * <p>A partition has at most one cut in flight, because its next marker commits the next segment's start E+1, which is
 * only allowed once the files of S..E are durable.
 */
final class CutProtocol {

    private static final Logger LOG = Logger.getLogger(CutProtocol.class);

    private final DatasetCatalog catalog;
    private final OwnedCommits commits;
    private final UploadPipeline pipeline;
    private final SinkMetrics metrics;
    private final Deque<InFlightCut> inFlight = new ArrayDeque<>();
    /** Set when a cut failed for good (not retriable): nothing may be committed after it, or its range would be lost. */
    private RuntimeException failed;
    private CutHook hook = CutHook.NONE;
    private Runnable uploadsDone = () -> {
    };

    /**
     * @param catalog  datasets by topic
     * @param commits  marker and final commits, only while the partitions are ours
     * @param pipeline encodes and uploads a cut's files
     * @param metrics  meters
     */
    CutProtocol(DatasetCatalog catalog, OwnedCommits commits, UploadPipeline pipeline, SinkMetrics metrics) {
        this.catalog = catalog;
        this.commits = commits;
        this.pipeline = pipeline;
        this.metrics = metrics;
    }

    /**
     * Steps 1 and 2 of a cut: commits the markers (or abandons the cut), starts the uploads and restarts the segments
     * right after the range cut. Finishes the segments' earlier cuts in flight first.
     *
     * @param toCut segments to cut; those without offsets or revoked are left out
     */
    void cut(List<PartitionSegment> toCut) {
        failIfFailed();
        awaitCutsOf(toCut);
        long began = System.nanoTime();
        CutPlan plan = CutPlan.of(toCut, catalog);
        if (plan.segments().isEmpty()) {
            return;
        }
        if (!plan.markers().isEmpty() && !commits.markersOrAbandon(plan.markers(), plan.segments())) {
            return;
        }
        hook.afterMarkers();
        CompletableFuture<long[]> uploads = pipeline.start(plan);
        inFlight.add(new InFlightCut(plan, uploads, began));
        // The rows now belong to the cut in flight; the partitions' next segments start right after it.
        for (PartitionSegment segment : plan.segments()) {
            segment.restartAt(segment.last() + 1);
        }
        uploads.whenComplete((sizes, error) -> uploadsDone.run());
    }

    /** Finishes every cut whose uploads are over: final commit and metrics. Never blocks on uploads. */
    void completeCuts() {
        failIfFailed();
        Iterator<InFlightCut> it = inFlight.iterator();
        while (it.hasNext()) {
            InFlightCut cut = it.next();
            if (cut.uploads().isDone()) {
                it.remove();
                finish(cut);
            }
        }
    }

    /** Waits for every cut in flight and finishes it. */
    void awaitCuts() {
        while (!inFlight.isEmpty()) {
            finish(inFlight.poll());
        }
    }

    /** Waits for the oldest cut in flight and finishes it, which frees its rows' memory. */
    void awaitOldest() {
        finish(inFlight.poll());
    }

    /** @return true when a cut is in flight */
    boolean inFlight() {
        return !inFlight.isEmpty();
    }

    /** @return estimated bytes of the rows of the cuts in flight */
    long inFlightBytes() {
        long sum = 0;
        for (InFlightCut cut : inFlight) {
            sum += cut.plan().bytes();
        }
        return sum;
    }

    /** @param hook observer of the cut steps (fault injection in tests) */
    void hook(CutHook hook) {
        this.hook = hook;
    }

    /** @param listener called on an upload thread when a cut's files are durable (or abandoned) */
    void onUploadsDone(Runnable listener) {
        this.uploadsDone = listener;
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
        CutPlan plan = cut.plan();
        boolean committed = commits.finals(plan.finals(), plan.segments());
        long now = System.currentTimeMillis();
        for (int i = 0; i < plan.files().size(); i++) {
            metrics.rowsWritten(plan.files().get(i).spec().topic(), plan.files().get(i).rows().size(), sizes[i]);
        }
        for (long oldest : plan.oldestEvents()) {
            metrics.durable(Duration.ofMillis(now - oldest));
        }
        metrics.cut(Duration.ofNanos(System.nanoTime() - cut.began()));
        LOG.debugf("[finish] - %s segments, %s files, committed=%s", (Object) plan.segments().size(), (Object) plan.files().size(), committed);
    }

    /** Finishes the cuts in flight of these segments first: a partition's next marker must follow its final commit. */
    private void awaitCutsOf(List<PartitionSegment> toCut) {
        Iterator<InFlightCut> it = inFlight.iterator();
        while (it.hasNext()) {
            InFlightCut cut = it.next();
            if (cut.plan().segments().stream().anyMatch(toCut::contains)) {
                it.remove();
                finish(cut);
            }
        }
    }

    private void failIfFailed() {
        if (failed != null) {
            throw new IllegalStateException("an earlier cut failed, the writer stopped: " + failed, failed);
        }
    }

    /** A cut whose markers are committed and whose files are being encoded and uploaded. */
    private record InFlightCut(CutPlan plan, CompletableFuture<long[]> uploads, long began) {
    }
}
