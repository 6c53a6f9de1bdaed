package io.marketflow.ingest.macro.client;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.util.HashMap;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A WireMock server on a dynamic port standing in for FRED and the World Bank: returns the live-mode URLs, a test key
 * and short backoffs, and injects the server into {@link InjectWireMock} fields; init args with a dot are passed
 * through as configuration.
 */
public class ProvidersWireMockResource implements QuarkusTestResourceLifecycleManager {

    /** The test key (FRED's format: 32 lower-case letters and digits). */
    public static final String KEY = "abcdefghijklmnopqrstuvwxyz012345";

    private WireMockServer server;
    private Map<String, String> args = Map.of();

    @Override
    public void init(Map<String, String> initArgs) {
        args = initArgs;
    }

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(options().dynamicPort());
        server.start();
        Map<String, String> config = new HashMap<>();
        config.put("marketflow.macro.fred.url", server.baseUrl());
        config.put("marketflow.macro.world-bank.url", server.baseUrl());
        config.put("marketflow.macro.fred.mode", "live");
        config.put("marketflow.macro.fred.api-key", KEY);
        config.put("marketflow.macro.world-bank.mode", "live");
        for (String provider : new String[] { "fred", "world-bank" }) {
            config.put("marketflow.macro." + provider + ".retry.initial-backoff", "20ms");
            config.put("marketflow.macro." + provider + ".retry.max-backoff", "1s");
            config.put("marketflow.macro." + provider + ".retry.max-attempts", "3");
            config.put("marketflow.macro." + provider + ".requests-per-minute", "6000");
        }
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
