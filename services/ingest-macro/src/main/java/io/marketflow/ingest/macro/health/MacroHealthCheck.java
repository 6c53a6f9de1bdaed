package io.marketflow.ingest.macro.health;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import io.marketflow.ingest.macro.config.MacroConfig;
import io.marketflow.ingest.macro.messaging.MacroIngestor;

/**
 * Readiness of the macro ingest: its mode ({@code live} or {@code recorded}), backfill progress and last error as
 * details; DOWN when a series fetched before has not been fetched successfully for {@code stale-after}.
 */
@Readiness
@ApplicationScoped
public class MacroHealthCheck implements HealthCheck {

    private final MacroIngestor ingestor;
    private final MacroConfig config;

    public MacroHealthCheck(MacroIngestor ingestor, MacroConfig config) {
        this.ingestor = ingestor;
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        long staleBefore = Instant.now().minus(config.schedule().staleAfter()).getEpochSecond();
        HealthCheckResponseBuilder builder = HealthCheckResponse.named("macro-ingest")
                .withData("mode", ingestor.mode())
                .withData("backfill", ingestor.backfilled() + "/" + ingestor.backfillTotal());
        StringBuilder stale = new StringBuilder();
        ingestor.lastSuccess().forEach((alias, at) -> {
            if (at < staleBefore) {
                stale.append(stale.isEmpty() ? "" : ",").append(alias);
            }
        });
        if (ingestor.lastError() != null) {
            builder.withData("lastError", ingestor.lastError().length() > 300 ? ingestor.lastError().substring(0, 300) : ingestor.lastError());
        }
        if (!stale.isEmpty()) {
            builder.withData("stale", stale.toString());
        }
        return builder.status(stale.isEmpty()).build();
    }
}
