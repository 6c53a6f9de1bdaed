package io.marketflow.ingest.news.client;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.util.HashMap;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * WireMock on a dynamic port standing in for Finnhub and NewsAPI in live mode: returns their URL overrides, test keys
 * that the log scan looks for, short backoffs and manual polling; injects the server into {@link InjectWireMock} fields.
 */
public class NewsWireMockResource implements QuarkusTestResourceLifecycleManager {

    /** The Finnhub key tests use; it must never appear in a log. */
    public static final String FINNHUB_KEY = "fh-test-key-8c1d5e0b";
    /** The NewsAPI key tests use; it must never appear in a log. */
    public static final String NEWSAPI_KEY = "na-test-key-51f2aa93";

    private WireMockServer server;

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(options().dynamicPort());
        server.start();
        reset(server);
        Map<String, String> config = new HashMap<>();
        config.put("marketflow.news.mode", "live");
        config.put("marketflow.news.schedule", "false");
        config.put("marketflow.news.finnhub.url", server.baseUrl() + "/api/v1");
        config.put("marketflow.news.newsapi.url", server.baseUrl());
        config.put("marketflow.news.finnhub.api-key", FINNHUB_KEY);
        config.put("marketflow.news.newsapi.api-key", NEWSAPI_KEY);
        config.put("marketflow.news.finnhub.requests-per-minute", "6000");
        for (String provider : new String[] {"finnhub", "newsapi"}) {
            config.put("marketflow.news." + provider + ".retry.initial-backoff", "10ms");
            config.put("marketflow.news." + provider + ".retry.max-backoff", "200ms");
            config.put("marketflow.news." + provider + ".retry.max-attempts", "5");
        }
        return config;
    }

    /**
     * Forgets every stub, request and scenario of earlier tests and installs the quiet default: anything a test does not
     * stub answers like a provider without news (an unmatched request would be logged by WireMock with its URL).
     *
     * @param server the server
     */
    public static void reset(WireMockServer server) {
        server.resetAll();
        server.stubFor(get(anyUrl()).atPriority(100).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("[]")));
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
