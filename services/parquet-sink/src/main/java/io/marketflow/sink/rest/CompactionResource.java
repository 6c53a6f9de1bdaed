package io.marketflow.sink.rest;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.apache.kafka.common.TopicPartition;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.jboss.logging.Logger;

import io.marketflow.sink.config.DatasetCatalog;
import io.marketflow.sink.config.SinkConfig;
import io.marketflow.sink.domain.DatasetSpec;
import io.marketflow.sink.format.parquet.ParquetFileMerger;
import io.marketflow.sink.messaging.ConsumerThread;
import io.marketflow.sink.messaging.GroupOffsets;
import io.marketflow.sink.messaging.RawTopicPoller;
import io.marketflow.sink.storage.Compactor;
import io.marketflow.sink.storage.Storage;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.common.annotation.Blocking;

/**
 * Compaction on demand ({@code POST /compaction}) and, when {@code marketflow.sink.compaction.interval} is set, on a
 * schedule; one run at a time in this instance, and across the group's instances each compacts only the partitions its
 * consumer is assigned (every instance runs the schedule).
 */
@Path("/compaction")
@ApplicationScoped
public class CompactionResource {

    private static final Logger LOG = Logger.getLogger(CompactionResource.class);

    private final DatasetCatalog catalog;
    private final ConsumerThread consumer;
    private final GroupOffsets offsets;
    private final Compactor compactor;

    /**
     * @param catalog the datasets
     * @param offsets the group's committed offsets
     * @param storage the store
     * @param config compaction settings
     * @param consumer the raw topics' consumer, whose assignment says which partitions this instance compacts
     */
    public CompactionResource(DatasetCatalog catalog, GroupOffsets offsets, Storage storage, SinkConfig config, RawTopicPoller consumer) {
        this.catalog = catalog;
        this.consumer = consumer;
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
            results.add(compactor.compact(spec, offsets.committed(spec.topic()), partition -> owns(new TopicPartition(spec.topic(), partition))));
        }
        return results;
    }

    /** @return true when this instance's consumer owns the partition now (false when it cannot tell: not running) */
    private boolean owns(TopicPartition partition) {
        try {
            Set<TopicPartition> assignment = consumer.call(c -> Set.copyOf(c.assignment()), Duration.ofSeconds(30));
            return assignment.contains(partition);
        } catch (RuntimeException e) {
            LOG.debugf("[owns] - %s: the consumer cannot say, not compacting it: %s", partition, e.getMessage());
            return false;
        }
    }

    @Scheduled(every = "${marketflow.sink.compaction.interval:off}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        compactAll();
    }
}
