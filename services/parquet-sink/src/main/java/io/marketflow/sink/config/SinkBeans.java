package io.marketflow.sink.config;

import java.nio.file.Path;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;

import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;

import io.marketflow.provider.Backoff;
import io.marketflow.sink.domain.RotationPolicy;
import io.marketflow.sink.format.parquet.ParquetFileWriter;
import io.marketflow.sink.messaging.ChannelOffsetCommitter;
import io.marketflow.sink.messaging.KafkaDeadLetterSink;
import io.marketflow.sink.messaging.RawTopicPoller;
import io.marketflow.sink.messaging.SegmentWriter;
import io.marketflow.sink.messaging.SinkMetrics;
import io.marketflow.sink.messaging.StorageStatus;
import io.marketflow.sink.storage.LocalStorage;
import io.marketflow.sink.storage.S3Storage;
import io.marketflow.sink.storage.Storage;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.MutinyEmitter;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Builds the sink's plain objects from configuration: catalog, storage, Parquet writer and the segment writer.
 */
@ApplicationScoped
public class SinkBeans {

    @Produces
    @ApplicationScoped
    DatasetCatalog catalog(SinkConfig config) {
        return DatasetCatalog.from(config);
    }

    @Produces
    @ApplicationScoped
    Storage storage(SinkConfig config, Instance<S3Client> s3,
                    @ConfigProperty(name = "marketflow.s3.endpoint", defaultValue = "") String endpoint) {
        if ("local".equalsIgnoreCase(config.storage().type())) {
            return new LocalStorage(Path.of(config.storage().localDir()));
        }
        return new S3Storage(s3.get(), endpoint);
    }

    @Produces
    @ApplicationScoped
    ParquetFileWriter parquet(SinkConfig config) {
        return new ParquetFileWriter(CompressionCodecName.valueOf(config.parquet().compression().toUpperCase(Locale.ROOT)),
                config.parquet().rowGroupBytes());
    }

    @Produces
    @ApplicationScoped
    SinkMetrics metrics(MeterRegistry registry) {
        return new SinkMetrics(registry);
    }

    @Produces
    @ApplicationScoped
    StorageStatus status(MeterRegistry registry) {
        StorageStatus status = new StorageStatus();
        // Readiness alone is not scraped: the alert MarketflowSinkStorageFailing reads this while uploads or commits fail.
        registry.gauge("marketflow.sink.storage.failing", status, s -> s.lastError() == null ? 0 : 1);
        return status;
    }

    @Produces
    @ApplicationScoped
    SegmentWriter writer(SinkConfig config, DatasetCatalog catalog, Storage storage, ParquetFileWriter parquet,
                         RawTopicPoller poller, @Channel(KafkaDeadLetterSink.DLQ_CHANNEL) MutinyEmitter<byte[]> dlq,
                         SinkMetrics metrics, StorageStatus status) {
        return new SegmentWriter(catalog, storage, parquet,
                new ChannelOffsetCommitter(poller, config.retry().commitTimeout()),
                new KafkaDeadLetterSink(dlq), metrics,
                new RotationPolicy(config.rotation().maxRecords(), config.rotation().maxSegmentBytes(), config.rotation().maxOpenTime()),
                config.memory().maxBufferedBytes(), config.memory().maxOpenFiles(),
                // One sink's retries have nobody to spread from but each other's partitions, which wait on the same writer thread.
                new Backoff(config.retry().initialBackoff(), config.retry().maxBackoff(), Backoff.Jitter.NONE), status, config.uploadThreads());
    }
}
