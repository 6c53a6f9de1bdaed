package io.marketflow.ingest.market.client;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;

/**
 * Every market data provider by name; which one serves what is configuration. Logs once at startup which providers are
 * disabled and why (never the keys).
 */
@ApplicationScoped
public class ProviderRegistry {

    private final List<MarketDataProvider> providers;

    public ProviderRegistry(Instance<MarketDataProvider> providers) {
        this.providers = providers.stream().toList();
    }

    void onStart(@Observes StartupEvent event) {
        for (MarketDataProvider provider : providers) {
            provider.disabledReason().ifPresentOrElse(
                    reason -> Log.infof("[providers] - %s disabled: %s", provider.name(), reason),
                    () -> Log.infof("[providers] - %s enabled", provider.name()));
        }
    }

    /**
     * @param name a provider's name
     * @return the provider, if one has that name
     */
    public Optional<MarketDataProvider> find(String name) {
        return providers.stream().filter(p -> p.name().equals(name)).findFirst();
    }
}
