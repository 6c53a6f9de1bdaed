package io.marketflow.ingest.market.client;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.util.HashMap;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A WireMock server on a dynamic port standing in for every provider's host: returns the
 * {@code quarkus.rest-client.*.url} overrides and test keys, and injects the server into {@link InjectWireMock} fields.
 * It also serves a generated Alpaca bars API ({@link FakeAlpacaBars}) for backfill tests. Init arg {@code backfill}
 * ({@code false} by default) switches the backfill on; the other init args are passed through as configuration.
 */
public class ProvidersWireMockResource implements QuarkusTestResourceLifecycleManager {

    private WireMockServer server;
    private Map<String, String> args = Map.of();

    @Override
    public void init(Map<String, String> initArgs) {
        args = initArgs;
    }

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(options().dynamicPort().extensions(new FakeAlpacaBars()));
        server.start();
        // The generated bars API is there from the start: a backfill may begin before the first test method runs.
        server.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(
                com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo("/v2/stocks/bars"))
                .atPriority(10)
                .willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse().withTransformers(FakeAlpacaBars.NAME)));
        String url = server.baseUrl();
        Map<String, String> config = new HashMap<>();
        config.put("quarkus.rest-client.alpaca-data.url", url);
        config.put("quarkus.rest-client.polygon.url", url);
        config.put("quarkus.rest-client.yahoo.url", url);
        config.put("quarkus.rest-client.alphavantage.url", url);
        config.put("marketflow.market.alpaca.key-id", "test-key-id");
        config.put("marketflow.market.alpaca.secret-key", "test-secret");
        config.put("marketflow.market.polygon.api-key", "test-polygon-key");
        config.put("marketflow.market.alpha-vantage.api-key", "test-av-key");
        config.put("marketflow.market.yahoo.enabled", "true");
        // Short backoffs so retry tests take milliseconds, not the production seconds.
        for (String provider : new String[] { "alpaca", "polygon", "yahoo", "alpha-vantage" }) {
            config.put("marketflow.market." + provider + ".retry.initial-backoff", "20ms");
            config.put("marketflow.market." + provider + ".retry.max-backoff", "2s");
            config.put("marketflow.market." + provider + ".requests-per-minute", args.getOrDefault("requests-per-minute", "6000"));
        }
        config.put("marketflow.market.alpha-vantage.rate-limit-pause", "200ms");
        config.put("marketflow.market.backfill.enabled", args.getOrDefault("backfill", "false"));
        config.put("marketflow.market.realtime.enabled", "false");
        args.forEach((key, value) -> {
            if (key.contains(".")) {
                config.put(key, value);
            }
        });
        return config;
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(server, new TestInjector.AnnotatedAndMatchesType(InjectWireMock.class, WireMockServer.class));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
