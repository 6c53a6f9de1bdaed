package io.marketflow.sink.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.marketflow.sink.domain.DatasetSpec;
import io.quarkus.runtime.StartupEvent;

/**
 * The checks of {@link SinkConfig} that span several keys or need the resolved datasets (the constraints on the
 * mapping check each value alone); run at startup, so a bad configuration stops the service with the keys named
 * instead of failing on the first record or, worse, skipping a topic's records.
 */
@ApplicationScoped
public class SinkConfigCheck {

    /** The channel attribute listing the consumed topics. */
    static final String TOPICS_KEY = "mp.messaging.incoming.raw-topics.topics";

    private final SinkConfig config;
    private final String topics;

    /**
     * @param config the sink's configuration
     * @param topics the consumed topics, comma-separated
     */
    public SinkConfigCheck(SinkConfig config, @ConfigProperty(name = TOPICS_KEY) String topics) {
        this.config = config;
        this.topics = topics;
    }

    void onStart(@Observes @Priority(1) StartupEvent event) {
        List<String> problems = problems(config, Arrays.stream(topics.split(",")).map(String::strip).filter(t -> !t.isEmpty()).toList());
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid configuration of the parquet sink:\n  " + String.join("\n  ", problems));
        }
    }

    /**
     * @param config the sink's configuration
     * @param topics the consumed topics
     * @return one message per problem, each naming its key; empty when the configuration is usable
     */
    static List<String> problems(SinkConfig config, List<String> topics) {
        List<String> problems = new ArrayList<>();
        if (config.retry().initialBackoff().compareTo(config.retry().maxBackoff()) > 0) {
            problems.add("marketflow.sink.retry.initial-backoff (" + config.retry().initialBackoff()
                    + ") must not exceed marketflow.sink.retry.max-backoff (" + config.retry().maxBackoff() + ")");
        }
        DatasetCatalog catalog;
        try {
            catalog = DatasetCatalog.from(config);
        } catch (IllegalArgumentException e) {
            problems.add("marketflow.sink.datasets: " + e.getMessage());
            return problems;
        }
        boolean s3 = !"local".equalsIgnoreCase(config.storage().type());
        for (DatasetSpec spec : catalog.all()) {
            if (s3 && !spec.bucket().matches(SinkConfig.BUCKET_NAME)) {
                problems.add("marketflow.sink.datasets.\"" + spec.topic() + "\".bucket: '" + spec.bucket() + "' (the default is the topic "
                        + "name with '-' for '_') " + SinkConfig.BUCKET_RULE);
            }
        }
        for (String topic : topics) {
            SinkConfig.DatasetConfig override = config.datasets().get(topic);
            boolean disabled = override != null && !override.enabled();
            if (catalog.forTopic(topic).isEmpty() && !disabled) {
                // Consumed and committed without a dataset, its records would be skipped for good.
                problems.add(TOPICS_KEY + " consumes '" + topic + "', which has no dataset: set marketflow.sink.datasets.\"" + topic
                        + "\".record-type (or .enabled=false to skip it)");
            }
        }
        return problems;
    }
}
