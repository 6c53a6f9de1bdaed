package io.marketflow.ingest.social.client;

import java.net.URI;
import java.util.concurrent.TimeUnit;

import org.eclipse.microprofile.config.ConfigProvider;

import io.marketflow.ingest.social.config.SocialConfig.Mode;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.quarkus.runtime.LaunchMode;

/**
 * Builds the providers' REST clients for a mode: live → the provider's URL; recorded → this service's own
 * {@code /recorded/<provider>} endpoints, so recorded data goes through the same client and normalizer code.
 */
public final class RestClients {

    private RestClients() {
    }

    /**
     * @param type the client interface
     * @param mode live or recorded
     * @param liveUrl the provider's base URL
     * @param provider {@code bluesky}
     * @param <T> the client
     * @return the client, with the default exception mapper off: {@link io.marketflow.provider.ProviderCalls} reads every status itself
     */
    public static <T> T build(Class<T> type, Mode mode, String liveUrl, String provider) {
        String base = mode == Mode.LIVE ? liveUrl : "http://localhost:" + ownPort() + "/recorded/" + provider;
        return QuarkusRestClientBuilder.newBuilder()
                .baseUri(URI.create(base))
                .connectTimeout(5, TimeUnit.SECONDS)
                .readTimeout(30, TimeUnit.SECONDS)
                .property("microprofile.rest.client.disable.default.mapper", true)
                .build(type);
    }

    private static int ownPort() {
        String key = LaunchMode.current() == LaunchMode.TEST ? "quarkus.http.test-port" : "quarkus.http.port";
        return ConfigProvider.getConfig().getOptionalValue(key, Integer.class).orElse(8086);
    }
}
