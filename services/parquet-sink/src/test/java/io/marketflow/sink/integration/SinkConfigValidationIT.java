package io.marketflow.sink.integration;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.marketflow.sink.SinkTestSupport;

/**
 * The packaged service with bad configuration: it must not start, and its output must name every offending key
 * (a typo in {@code storage.type} silently meant S3 before).
 */
class SinkConfigValidationIT {

    @Test
    void refusesToStartWithAStorageTypeTypoAndNamesTheKey() throws Exception {
        String output = failedStart("type", List.of("-Dmarketflow.sink.storage.type=s4"));

        assertThat(output).contains("marketflow.sink.storage.type").contains("must be s3 or local");
    }

    @Test
    void refusesToStartWithOutOfRangeValuesAndNamesEachKey() throws Exception {
        String output = failedStart("ranges", List.of(
                "-Dmarketflow.sink.parquet.compression=gzip",
                "-Dmarketflow.sink.rotation.max-records=0",
                "-Dmarketflow.sink.rotation.max-open-time=0s",
                "-Dmarketflow.sink.memory.max-buffered-bytes=-1",
                "-Dmarketflow.sink.retry.commit-timeout=-5s",
                "-Dmarketflow.sink.upload-threads=0",
                "-Dmarketflow.sink.datasets.\"stock_trades\".bucket=Not_A_Bucket"));

        assertThat(output).contains("marketflow.sink.parquet.compression", "marketflow.sink.rotation.max-records",
                "marketflow.sink.rotation.max-open-time", "marketflow.sink.memory.max-buffered-bytes",
                "marketflow.sink.retry.commit-timeout", "marketflow.sink.upload-threads", "marketflow.sink.datasets.stock_trades.bucket");
    }

    @Test
    void refusesToStartWhenAConsumedTopicHasNoDataset() throws Exception {
        String output = failedStart("topic", List.of("-Dmp.messaging.incoming.raw-topics.topics=stock_trades,unknown_topic"));

        assertThat(output).contains("mp.messaging.incoming.raw-topics.topics", "unknown_topic", "record-type");
    }

    /** @return the output of a start that must end by itself with a non-zero status */
    private static String failedStart(String name, List<String> args) throws Exception {
        Path log = Path.of("target", "config-it-" + name + ".log");
        Process sink = PackagedSink.start(SinkTestSupport.stack(), log, args).process();
        try {
            assertThat(sink.waitFor(90, TimeUnit.SECONDS)).as("the sink exits by itself").isTrue();
            assertThat(sink.exitValue()).isNotZero();
        } finally {
            sink.destroyForcibly();
        }
        return Files.readString(log);
    }
}
