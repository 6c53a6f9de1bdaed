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
    List<SinkDatasets.Dataset> datasets(QueryConfig query, SummaryConfig config) {
        return SinkDatasets.resolve(query.lake().locations(), config.topics(), "local".equals(query.lake().storageType()));
    }

    @Produces
    @Singleton
    LakeObjects lakeObjects(QueryConfig query, Instance<S3Client> s3) {
        // The S3 client is only created for S3 storage: the local layout must work without any S3 settings.
        return "local".equals(query.lake().storageType()) ? new LocalLakeObjects(query.lake().localDir()) : new S3LakeObjects(s3.get());
    }

    @Produces
    @Singleton
    LakeSummary lakeSummary(LakeObjects lake, SummaryConfig config) {
        return new LakeSummary(lake, config, CLOCK);
    }

    @Produces
    @Singleton
    KafkaProbe kafkaProbe(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers, SummaryConfig config) {
        return new KafkaProbe(bootstrapServers, config.callTimeout());
    }

    void closeKafkaProbe(@Disposes KafkaProbe probe) {
        probe.close();
    }

    @Produces
    @Singleton
    AggregatorProbe aggregatorProbe(DataSource dataSource, SummaryConfig config) {
        return new AggregatorProbe(dataSource, config.callTimeout());
    }

    @Produces
    @Singleton
    ThroughputHistory history(SummaryConfig config) {
        return new ThroughputHistory(config.historyWindow(), config.sampleInterval());
    }

    @Produces
    @Singleton
    ThroughputSampler sampler(KafkaProbe kafka, ThroughputHistory history, List<SinkDatasets.Dataset> datasets, SummaryConfig config) {
        return new ThroughputSampler(kafka, history, datasets.stream().map(SinkDatasets.Dataset::topic).toList(), config.sinkGroup(), CLOCK);
    }

    void closeSampler(@Disposes ThroughputSampler sampler) {
        sampler.close();
    }

    @Produces
    @Singleton
    SummaryService summaryService(List<SinkDatasets.Dataset> datasets, LakeSummary lake, KafkaProbe kafka, AggregatorProbe aggregator,
                                  ThroughputHistory history, SummaryConfig config) {
        return new SummaryService(datasets, lake, kafka, aggregator, history, config, CLOCK);
    }

    void startSampler(@Observes StartupEvent event, ThroughputSampler sampler, SummaryConfig config) {
        sampler.start(config.sampleInterval().toMillis());
    }
}
