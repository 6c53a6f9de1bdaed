package io.marketflow.sink.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;

/** The startup checks that span keys or need the resolved datasets; each problem names its key. */
class SinkConfigCheckTest {

    private static SinkConfig config(Map<String, String> values) {
        // Quarkus's Duration converter, which reads "60s" as the service does.
        return new SmallRyeConfigBuilder().withMapping(SinkConfig.class).withConverter(Duration.class, 200, new DurationConverter()).withSources(new PropertiesConfigSource(values, "test", 500))
                .build().getConfigMapping(SinkConfig.class);
    }

    @Test
    void theDefaultsWithTheDefaultTopicsAreUsable() {
        List<String> topics = DatasetCatalog.DEFAULTS.stream().map(d -> d.topic()).toList();

        assertThat(SinkConfigCheck.problems(config(Map.of()), topics)).isEmpty();
    }

    @Test
    void aConsumedTopicWithoutADatasetIsNamedUnlessDisabled() {
        SinkConfig config = config(Map.of("marketflow.sink.datasets.\"off_topic\".enabled", "false"));

        assertThat(SinkConfigCheck.problems(config, List.of("new_topic", "off_topic"))).singleElement().asString()
                .contains("mp.messaging.incoming.raw-topics.topics", "new_topic", "marketflow.sink.datasets.\"new_topic\".record-type");
    }

    @Test
    void anInitialBackoffAboveTheMaximumIsNamed() {
        SinkConfig config = config(Map.of("marketflow.sink.retry.initial-backoff", "20s", "marketflow.sink.retry.max-backoff", "1s"));

        assertThat(SinkConfigCheck.problems(config, List.of())).singleElement().asString()
                .contains("marketflow.sink.retry.initial-backoff", "marketflow.sink.retry.max-backoff");
    }

    @Test
    void aBucketDerivedFromATopicNameThatIsNoBucketNameIsNamed() {
        SinkConfig config = config(Map.of("marketflow.sink.datasets.\"Odd_Topic\".record-type", "TRADE"));

        assertThat(SinkConfigCheck.problems(config, List.of("Odd_Topic"))).singleElement().asString()
                .contains("marketflow.sink.datasets.\"Odd_Topic\".bucket", "Odd-Topic");
    }

    @Test
    void aPartitionLevelTheRecordTypeDoesNotHaveIsReported() {
        SinkConfig config = config(Map.of("marketflow.sink.datasets.\"stock_trades\".partition-by", "ticker,colour"));

        assertThat(SinkConfigCheck.problems(config, List.of("stock_trades"))).singleElement().asString()
                .contains("marketflow.sink.datasets", "colour");
    }
}
