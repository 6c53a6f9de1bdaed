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
 * enabled, recorded or disabled and why (never the keys).
 */
@ApplicationScoped
public class ProviderRegistry {

    private final List<MarketDataProvider> providers;

    public ProviderRegistry(Instance<MarketDataProvider> providers) {
        this.providers = providers.stream().toList();
    }

    void onStart(@Observes StartupEvent event) {
        for (MarketDataProvider provider : providers) {
            Optional<String> reason = provider.disabledReason();
            if (reason.isPresent()) {
                Log.infof("[providers] - %s disabled: %s", provider.name(), reason.get());
            } else if (provider.recorded()) {
                Log.infof("[providers] - %s recorded: replaying the recorded responses served on this service's own port, source %s "
                        + "(not live data)", provider.name(), provider.source());
            } else {
                Log.infof("[providers] - %s enabled", provider.name());
            }
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
