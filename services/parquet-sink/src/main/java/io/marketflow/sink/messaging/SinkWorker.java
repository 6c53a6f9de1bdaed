package io.marketflow.sink.messaging;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import io.marketflow.sink.config.SinkConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;

/**
 * Runs the {@link SegmentWriter} on one dedicated thread: batches, assignments, the time-based rotation and the final
 * commits of cuts whose uploads are over are queued to it in arrival order, so the writer needs no locks and the
 * consumer's polling thread never blocks on S3.
 */
@ApplicationScoped
public class SinkWorker {

    private static final Logger LOG = Logger.getLogger(SinkWorker.class);

    private final SegmentWriter writer;
    private final SinkConfig config;
    private volatile boolean stopping;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "parquet-sink-writer");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param writer the writer this thread owns
     * @param config rotation check interval
     */
    public SinkWorker(SegmentWriter writer, SinkConfig config) {
        this.writer = writer;
        this.config = config;
        writer.onUploadsDone(this::uploadsDone);
    }

    void start(@Observes StartupEvent event) {
        long every = config.rotation().checkInterval().toMillis();
        thread.scheduleWithFixedDelay(this::rotate, every, every, TimeUnit.MILLISECONDS);
    }

    /**
     * @param records a polled batch
     * @return completes when the batch is buffered and any cut it caused has its marker committed (uploads run on)
     */
    public Uni<Void> process(ConsumerRecords<byte[], byte[]> records) {
        return Uni.createFrom().completionStage(() -> CompletableFuture.runAsync(() -> {
            if (!stopping) {
                writer.process(records);
            }
        }, thread));
    }

    /** @param committed committed offsets of newly assigned partitions; queued behind earlier work */
    public void assigned(Map<TopicPartition, OffsetAndMetadata> committed) {
        thread.execute(() -> writer.assigned(committed));
    }

    /** @param partitions revoked partitions; flagged at once so an in-flight cut stops retrying */
    public void revoked(Collection<TopicPartition> partitions) {
        writer.revoked(partitions);
    }

    void stopping(@Observes ShutdownEvent event) {
        // The connector closes its consumer during shutdown; cuts started now could only fail their commits.
        stopping = true;
    }

    /** On an upload thread: the final commit belongs to the writer's thread, queued behind earlier work. */
    private void uploadsDone() {
        if (stopping) {
            return;
        }
        try {
            thread.execute(() -> {
                try {
                    writer.completeCuts();
                } catch (RuntimeException e) {
                    // The writer stays failed: the next batch is nacked, which stops the consumer (RawTopicPoller); nothing is skipped.
                    LOG.errorf(e, "[uploadsDone] - a cut failed, the writer stops");
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debugf("[uploadsDone] - shutting down");
        }
    }

    private void rotate() {
        if (stopping) {
            return;
        }
        try {
            writer.rotateByTime();
        } catch (RuntimeException e) {
            LOG.errorf(e, "[rotate] - time-based rotation failed, will retry");
        }
    }

    @PreDestroy
    void stop() {
        // No flush: whatever is buffered is replayed from the committed offsets by the next owner, exactly once.
        thread.shutdownNow();
    }
}
