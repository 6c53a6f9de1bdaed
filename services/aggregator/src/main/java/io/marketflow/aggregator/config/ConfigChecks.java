package io.marketflow.aggregator.config;

import java.time.Duration;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.runtime.StartupEvent;

/**
 * Startup checks Bean Validation cannot express on {@link AggregatorConfig} (durations must be positive): a bad value
 * fails startup with a message naming its key.
 */
@ApplicationScoped
public class ConfigChecks {

    void onStart(@Observes StartupEvent event, AggregatorConfig config) {
        positive("marketflow.aggregator.consumer.poll-timeout", config.consumer().pollTimeout());
        positive("marketflow.aggregator.context.refresh-interval", config.context().refreshInterval());
        positive("marketflow.aggregator.writer.max-backoff", config.writer().maxBackoff());
        if (config.live().grace().isNegative()) {
            throw new IllegalArgumentException("marketflow.aggregator.live.grace must not be negative, was " + config.live().grace());
        }
        if (config.live().closeGrace().isNegative()) {
            throw new IllegalArgumentException("marketflow.aggregator.live.close-grace must not be negative, was " + config.live().closeGrace());
        }
        if (config.run().end().isPresent() && config.run().end().get().isBefore(config.run().start())) {
            throw new IllegalArgumentException("marketflow.aggregator.run.end " + config.run().end().get()
                    + " is before marketflow.aggregator.run.start " + config.run().start());
        }
        List<String> macro = config.topics().macro();
        if (macro.isEmpty()) {
            throw new IllegalArgumentException("marketflow.aggregator.topics.macro must name at least one topic");
        }
    }

    private static void positive(String key, Duration value) {
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(key + " must be positive, was " + value);
        }
    }
}
