package io.marketflow.sink.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import io.marketflow.sink.config.DatasetCatalog;
import io.marketflow.sink.storage.Storage;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;

/**
 * Asks the store on a schedule whether it answers, so an outage shows in readiness and in
 * {@code marketflow_sink_storage_failing} while it lasts, not only when a file happens to be due during it.
 */
@ApplicationScoped
public class StorageProbe {

    /** A prefix no dataset writes under: listing it returns nothing and costs one request. */
    static final String PROBE_PREFIX = "_marketflow-probe/";

    private final Storage storage;
    private final StorageStatus status;
    private final String bucket;

    /**
     * @param storage the store
     * @param status where the outcome goes
     * @param catalog the datasets, whose first bucket is probed
     */
    public StorageProbe(Storage storage, StorageStatus status, DatasetCatalog catalog) {
        this.storage = storage;
        this.status = status;
        this.bucket = catalog.all().isEmpty() ? null : catalog.all().get(0).bucket();
    }

    /** Lists the probe prefix; a missing bucket is an answer too (the writer creates buckets). */
    @Scheduled(every = "${marketflow.sink.storage.probe-interval:10s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public void probe() {
        if (bucket == null) {
            return;
        }
        try {
            storage.list(bucket, PROBE_PREFIX);
            if (status.probeFailing()) {
                Log.infof("[probe] - %s answers again", storage.describe());
            }
            status.probeUp();
        } catch (RuntimeException e) {
            if (!status.probeFailing()) {
                Log.warnf("[probe] - %s does not answer: %s", storage.describe(), e.toString());
            }
            status.probeDown("storage probe: " + e.getMessage());
        }
    }
}
