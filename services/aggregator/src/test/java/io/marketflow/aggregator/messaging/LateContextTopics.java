package io.marketflow.aggregator.messaging;

import java.util.HashMap;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** Topics and group of their own for {@link LateContextTest} and {@link LateSentimentTest}: their context reaches no other test's rows. */
public class LateContextTopics implements QuarkusTestProfile {

    static final String SUFFIX = "late-" + String.valueOf(System.getProperties()
            .computeIfAbsent("aggregator-late-context-suffix", k -> Long.toString(System.currentTimeMillis(), 36)));
    static final String BARS = "h_alpaca-" + SUFFIX;
    static final String MACRO = "h_macrodata-" + SUFFIX;
    static final String COMPANY = "h_company-" + SUFFIX;
    static final String NEWS = "finnhub-" + SUFFIX;
    static final String SOCIAL = "bluesky-" + SUFFIX;

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> m = new HashMap<>();
        m.put("marketflow.aggregator.topics.bars", BARS);
        m.put("marketflow.aggregator.topics.trades", "stock_trades-" + SUFFIX);
        m.put("marketflow.aggregator.topics.macro", MACRO);
        m.put("marketflow.aggregator.topics.fundamentals", COMPANY);
        m.put("marketflow.aggregator.topics.news", NEWS);
        m.put("marketflow.aggregator.topics.social", SOCIAL);
        m.put("marketflow.aggregator.topics.start-model", "start_model-" + SUFFIX);
        m.put("marketflow.aggregator.consumer.group-id", "aggregator-test-" + SUFFIX);
        m.put("marketflow.aggregator.run.enabled", "false");
        return m;
    }
}
