package io.marketflow.ingest.market.health;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.marketflow.ingest.market.client.MarketDataProvider;
import io.marketflow.ingest.market.client.ProviderRegistry;
import io.marketflow.ingest.market.config.MarketConfig;
import io.marketflow.ingest.market.domain.BackfillProgress;
import io.marketflow.ingest.market.messaging.BackfillRunner;

/**
 * Readiness data of the historical backfill: its provider, mode ({@code live}, {@code recorded} or {@code off}),
 * {@code source} and state. Always UP: a provider outage is retried and shown in the progress and metrics, and taking
 * the pod out of service would not bring the provider back.
 */
@Readiness
@ApplicationScoped
public class BackfillHealthCheck implements HealthCheck {

    /** The check's name in {@code /q/health}. */
    public static final String NAME = "backfill";

    private final MarketConfig.Backfill config;
    private final ProviderRegistry providers;
    private final BackfillRunner runner;

    public BackfillHealthCheck(MarketConfig config, ProviderRegistry providers, BackfillRunner runner) {
        this.config = config.backfill();
        this.providers = providers;
        this.runner = runner;
    }

    @Override
    public HealthCheckResponse call() {
        Optional<MarketDataProvider> provider = providers.find(config.provider());
        String mode = provider.map(p -> p.disabledReason().isPresent() ? "off" : p.recorded() ? "recorded" : "live").orElse("off");
        BackfillProgress.Snapshot progress = runner.progress().snapshot();
        return HealthCheckResponse.named(NAME).up()
                .withData("provider", config.provider())
                .withData("mode", mode)
                .withData("source", provider.map(MarketDataProvider::source).orElse(config.provider()))
                .withData("state", progress.state().name())
                .withData("completed", progress.completedTasks())
                .withData("total", progress.totalTasks())
                .build();
    }
}
