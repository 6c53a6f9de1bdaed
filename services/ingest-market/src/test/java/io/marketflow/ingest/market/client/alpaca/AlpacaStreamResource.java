package io.marketflow.ingest.market.client.alpaca;

import java.util.HashMap;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Runs a {@link FakeAlpacaStream} on a dynamic port for a {@code @QuarkusTest}: returns the stream URL override, its test
 * keys, short backoffs and {@code outside-market-hours} synthetic mode, switches the backfill off (the keys would
 * enable it against the real host), and injects the server into {@link InjectAlpacaStream} fields.
 */
public class AlpacaStreamResource implements QuarkusTestResourceLifecycleManager {

    private FakeAlpacaStream server;

    @Override
    public Map<String, String> start() {
        try {
            server = new FakeAlpacaStream();
        } catch (Exception e) {
            throw new IllegalStateException("fake Alpaca stream did not start", e);
        }
        Map<String, String> config = new HashMap<>();
        config.put("marketflow.market.realtime.url", server.url());
        config.put("marketflow.market.alpaca.key-id", FakeAlpacaStream.KEY);
        config.put("marketflow.market.alpaca.secret-key", FakeAlpacaStream.SECRET);
        config.put("marketflow.market.backfill.enabled", "false");
        config.put("marketflow.market.synthetic.mode", "outside-market-hours");
        config.put("marketflow.market.realtime.reconnect-initial-backoff", "50ms");
        config.put("marketflow.market.realtime.reconnect-max-backoff", "500ms");
        config.put("marketflow.market.realtime.stale-after", "3s");
        // Unreachable REST host: nothing in these tests may call Alpaca's real API.
        config.put("quarkus.rest-client.alpaca-data.url", "http://127.0.0.1:9");
        return config;
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(server, new TestInjector.AnnotatedAndMatchesType(InjectAlpacaStream.class, FakeAlpacaStream.class));
    }

    @Override
    public void stop() {
        if (server != null) {
            try {
                server.close();
            } catch (Exception e) {
                // the JVM ends with the test run
            }
        }
    }
}
