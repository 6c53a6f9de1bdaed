package io.marketflow.aggregator.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import io.marketflow.aggregator.messaging.AggregatorLoop;
import io.marketflow.aggregator.messaging.ContextIngestor;

/** Ready while the bar loop runs and writes: DOWN while it waits for the schema or context, retries a write, or stopped. */
@Readiness
@ApplicationScoped
public class AggregatorReadinessCheck implements HealthCheck {

    private final AggregatorLoop loop;
    private final ContextIngestor context;

    public AggregatorReadinessCheck(AggregatorLoop loop, ContextIngestor context) {
        this.loop = loop;
        this.context = context;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder b = HealthCheckResponse.named("aggregator").status("running".equals(loop.state()))
                .withData("state", loop.state()).withData("context-caught-up", context.caughtUp());
        if (loop.lastError() != null) {
            b.withData("last-error", loop.lastError());
        }
        if (context.lastError() != null) {
            b.withData("context-error", context.lastError());
        }
        return b.build();
    }
}
