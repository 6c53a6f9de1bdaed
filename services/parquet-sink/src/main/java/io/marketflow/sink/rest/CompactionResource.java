package io.marketflow.sink.rest;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.apache.parquet.hadoop.metadata.CompressionCodecName;

import io.marketflow.sink.config.DatasetCatalog;
import io.marketflow.sink.config.SinkConfig;
import io.marketflow.sink.domain.DatasetSpec;
import io.marketflow.sink.format.parquet.ParquetFileMerger;
import io.marketflow.sink.messaging.GroupOffsets;
import io.marketflow.sink.storage.Compactor;
import io.marketflow.sink.storage.Storage;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.common.annotation.Blocking;

/**
 * Compaction on demand ({@code POST /compaction}) and, when {@code marketflow.sink.compaction.interval} is set, on a
 * schedule; one run at a time.
 */
@Path("/compaction")
@ApplicationScoped
public class CompactionResource {

    private final DatasetCatalog catalog;
    private final GroupOffsets offsets;
    private final Compactor compactor;

    /**
     * @param catalog the datasets
     * @param offsets the group's committed offsets
     * @param storage the store
     * @param config compaction settings
     */
    public CompactionResource(DatasetCatalog catalog, GroupOffsets offsets, Storage storage, SinkConfig config) {
        this.catalog = catalog;
        this.offsets = offsets;
        this.compactor = new Compactor(storage,
                new ParquetFileMerger(CompressionCodecName.valueOf(config.parquet().compression().toUpperCase(Locale.ROOT)),
                        config.parquet().rowGroupBytes()),
                config.compaction().minFiles(), config.compaction().targetBytes());
    }

    /** @return what each dataset's compaction did */
    @POST
    @Blocking
    @Produces(MediaType.APPLICATION_JSON)
    public synchronized List<Compactor.Result> compactAll() {
        List<Compactor.Result> results = new ArrayList<>();
        for (DatasetSpec spec : catalog.all()) {
            results.add(compactor.compact(spec, offsets.committed(spec.topic())));
        }
        return results;
    }

    @Scheduled(every = "${marketflow.sink.compaction.interval:off}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        compactAll();
    }
}
