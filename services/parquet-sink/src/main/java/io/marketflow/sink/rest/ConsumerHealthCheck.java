package io.marketflow.sink.rest;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

import io.marketflow.sink.messaging.RawTopicPoller;

/**
 * The raw topics' consumer: live while its polling thread runs (a failed one needs a restart, which replays from the
 * committed offsets), ready while it holds a broker connection.
 */
public final class ConsumerHealthCheck {

    private ConsumerHealthCheck() {
    }

    /** Liveness: DOWN once polling stopped on an error. */
    @Liveness
    @ApplicationScoped
    public static class Live implements HealthCheck {

        private final RawTopicPoller poller;

        /** @param poller the consumer's owner */
        public Live(RawTopicPoller poller) {
            this.poller = poller;
        }

        @Override
        public HealthCheckResponse call() {
            Throwable failure = poller.failure();
            return HealthCheckResponse.named("parquet-sink raw topics consumer")
                    .status(failure == null)
                    .withData("failure", failure == null ? "" : failure.toString())
                    .build();
        }
    }

    /** Readiness: DOWN until the consumer polls with a broker connection. */
    @Readiness
    @ApplicationScoped
    public static class Ready implements HealthCheck {

        private final RawTopicPoller poller;

        /** @param poller the consumer's owner */
        public Ready(RawTopicPoller poller) {
            this.poller = poller;
        }

        @Override
        public HealthCheckResponse call() {
            return HealthCheckResponse.named("parquet-sink raw topics consumer")
                    .status(poller.alive() && poller.connected())
                    .build();
        }
    }
}
