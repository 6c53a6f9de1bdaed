package io.marketflow.query.summary;

import java.time.Clock;
import java.util.List;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.marketflow.query.config.QueryConfig;
import io.marketflow.query.status.ThroughputHistory;
import io.marketflow.query.status.ThroughputSampler;
import io.quarkus.runtime.StartupEvent;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Wires the summary's parts from configuration: the lake access (S3 or the sink's local layout), the Kafka probe, the
 * aggregator probe, the sampler and its history. The sampler starts with the application and stops with it.
 */
@ApplicationScoped
public class SummaryBeans {

    private static final Clock CLOCK = Clock.systemUTC();

    @Produces
    @Singleton
    List<SinkDatasets.Dataset> datasets(QueryConfig query) {
        return SinkDatasets.resolve(query.lake().locations(), query.status().topics(), "local".equals(query.lake().storageType()));
    }

    @Produces
    @Singleton
    LakeObjects lakeObjects(QueryConfig query, Instance<S3Client> s3) {
        // The S3 client is only created for S3 storage: the local layout must work without any S3 settings.
        return "local".equals(query.lake().storageType()) ? new LocalLakeObjects(query.lake().localDir()) : new S3LakeObjects(s3.get());
    }

    @Produces
    @Singleton
    LakeSummary lakeSummary(LakeObjects lake, QueryConfig query) {
        return new LakeSummary(lake, query.status(), CLOCK);
    }

    @Produces
    @Singleton
    KafkaProbe kafkaProbe(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers, QueryConfig query) {
        return new KafkaProbe(bootstrapServers, query.status().callTimeout());
    }

    void closeKafkaProbe(@Disposes KafkaProbe probe) {
        probe.close();
    }

    @Produces
    @Singleton
    AggregatorProbe aggregatorProbe(DataSource dataSource, QueryConfig query) {
        return new AggregatorProbe(dataSource, query.status().callTimeout());
    }

    @Produces
    @Singleton
    ThroughputHistory history(QueryConfig query) {
        return new ThroughputHistory(query.status().historyWindow(), query.status().sampleInterval());
    }

    @Produces
    @Singleton
    ThroughputSampler sampler(KafkaProbe kafka, ThroughputHistory history, List<SinkDatasets.Dataset> datasets, QueryConfig query) {
        return new ThroughputSampler(kafka, history, datasets.stream().map(SinkDatasets.Dataset::topic).toList(), query.status().sinkGroup(), CLOCK);
    }

    void closeSampler(@Disposes ThroughputSampler sampler) {
        sampler.close();
    }

    @Produces
    @Singleton
    SummaryService summaryService(List<SinkDatasets.Dataset> datasets, LakeSummary lake, KafkaProbe kafka, AggregatorProbe aggregator,
                                  ThroughputHistory history, QueryConfig query) {
        return new SummaryService(datasets, lake, kafka, aggregator, history, query.status(), CLOCK);
    }

    void startSampler(@Observes StartupEvent event, ThroughputSampler sampler, QueryConfig query) {
        sampler.start(query.status().sampleInterval().toMillis());
    }
}
