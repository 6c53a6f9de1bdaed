package io.marketflow.ingest.fundamentals.client;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.util.HashMap;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A WireMock server on a dynamic port standing in for FMP (mode {@code live} with a test key, short backoffs), injected
 * into {@link InjectWireMock} fields. The scheduler is off: tests drive the loader and the refresher themselves.
 */
public class FmpWireMockResource implements QuarkusTestResourceLifecycleManager {

    /** Init argument: FMP's daily limit for this test class (default: high enough never to matter). */
    public static final String DAILY_LIMIT_ARG = "daily-limit";

    private WireMockServer server;
    private String dailyLimit = "1000000";

    @Override
    public void init(Map<String, String> initArgs) {
        dailyLimit = initArgs.getOrDefault(DAILY_LIMIT_ARG, dailyLimit);
    }

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(options().dynamicPort());
        server.start();
        // Symbols without a stub get FMP's answer for an unknown symbol.
        server.stubFor(WireMock.get(WireMock.urlPathMatching("/stable/.*")).atPriority(100).willReturn(WireMock.okJson("[]")));
        Map<String, String> config = new HashMap<>();
        config.put("marketflow.fundamentals.fmp.url", server.baseUrl());
        config.put("marketflow.fundamentals.fmp.mode", "live");
        config.put("marketflow.fundamentals.fmp.api-key", "test-fmp-key");
        config.put("marketflow.fundamentals.fmp.requests-per-minute", "60000");
        config.put("marketflow.fundamentals.fmp.daily-limit", dailyLimit);
        config.put("marketflow.fundamentals.fmp.retry.initial-backoff", "20ms");
        config.put("marketflow.fundamentals.fmp.retry.max-backoff", "1s");
        config.put("marketflow.fundamentals.fmp.retry.max-attempts", "4");
        config.put("quarkus.scheduler.enabled", "false");
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
