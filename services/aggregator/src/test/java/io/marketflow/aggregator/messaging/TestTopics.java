package io.marketflow.aggregator.messaging;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * Topics, consumer group and run range of their own for one test JVM: the shared test broker and database outlive
 * test runs and other modules write the default topics.
 */
public class TestTopics implements QuarkusTestProfile {

    /** One value per JVM: Quarkus loads this class in the test's and the application's class loaders. */
    static final String SUFFIX = String.valueOf(System.getProperties()
            .computeIfAbsent("aggregator-test-topic-suffix", k -> Long.toString(System.currentTimeMillis(), 36)));
    static final String BARS = "h_alpaca-" + SUFFIX;
    static final String TRADES = "stock_trades-" + SUFFIX;
    static final String MACRO = "h_macrodata-" + SUFFIX;
    static final String COMPANY = "h_company-" + SUFFIX;
    static final String NEWS = "finnhub-" + SUFFIX;
    static final String SOCIAL = "bluesky-" + SUFFIX;
    static final String START_MODEL = "start_model-" + SUFFIX;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.ofEntries(
                Map.entry("marketflow.aggregator.topics.bars", BARS),
                Map.entry("marketflow.aggregator.topics.trades", TRADES),
                Map.entry("marketflow.aggregator.topics.macro", MACRO),
                Map.entry("marketflow.aggregator.topics.fundamentals", COMPANY),
                Map.entry("marketflow.aggregator.topics.news", NEWS),
                Map.entry("marketflow.aggregator.topics.social", SOCIAL),
                Map.entry("marketflow.aggregator.topics.start-model", START_MODEL),
                Map.entry("marketflow.aggregator.consumer.group-id", "aggregator-test-" + SUFFIX),
                Map.entry("marketflow.aggregator.run.start", "2025-11-24"),
                Map.entry("marketflow.aggregator.run.end", "2025-11-28"),
                Map.entry("marketflow.aggregator.live.grace", "1s"));
    }
}
