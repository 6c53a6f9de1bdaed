package io.marketflow.ingest.market.client.yahoo;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import com.fasterxml.jackson.databind.JsonNode;

import io.marketflow.contract.Bar;
import io.marketflow.contract.ContractRecord;
import io.marketflow.ingest.market.client.BarFetcher;
import io.marketflow.ingest.market.client.BarQuery;
import io.marketflow.ingest.market.config.MarketConfig;
import io.marketflow.provider.ProviderCalls;
import io.marketflow.provider.ProviderException;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Yahoo's chart as a provider: parallel arrays with {@code null} where a minute had no trade (those minutes are
 * skipped, not invented); {@code chart.error} becomes a {@link ProviderException}.
 */
@ApplicationScoped
public class YahooBarProvider extends BarFetcher<BarQuery, Map<String, JsonNode>> {

    /** Provider name and {@code source} of Yahoo's records. */
    public static final String SOURCE = "yahoo";
    /** Yahoo answers a missing or script-like user agent with 429s. */
    private static final String USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) marketflow";

    private final YahooRestClient rest;
    private final MarketConfig.Yahoo config;
    private final ProviderCalls calls;

    public YahooBarProvider(@RestClient YahooRestClient rest, MarketConfig config, MeterRegistry registry) {
        this.rest = rest;
        this.config = config.yahoo();
        this.calls = new ProviderCalls(SOURCE, this.config.requestsPerMinute(), this.config.retry().policy(), registry);
    }

    @Override
    public String name() {
        return SOURCE;
    }

    @Override
    public Optional<String> disabledReason() {
        return config.enabled() ? Optional.empty() : Optional.of("marketflow.market.yahoo.enabled=false (unofficial API, opt in)");
    }

    @Override
    protected BarQuery transformQuery(BarQuery query) {
        return query;
    }

    @Override
    protected Map<String, JsonNode> extractData(BarQuery query) {
        String interval = BarQuery.ONE_DAY.equals(query.timeframe()) ? "1d" : "1m";
        Map<String, JsonNode> charts = new LinkedHashMap<>();
        for (String symbol : query.symbols()) {
            JsonNode body = calls.call("chart", () -> rest.chart(USER_AGENT, symbol, interval, query.start().getEpochSecond(),
                    query.end().getEpochSecond()));
            JsonNode error = body.path("chart").path("error");
            if (!error.isMissingNode() && !error.isNull()) {
                throw new ProviderException("yahoo chart " + symbol + ": " + error.path("code").asText() + " "
                        + error.path("description").asText(), 200);
            }
            charts.put(symbol, body.path("chart").path("result").path(0));
        }
        return charts;
    }

    @Override
    protected List<Bar> transformData(BarQuery query, Map<String, JsonNode> charts) {
        List<Bar> bars = new ArrayList<>();
        charts.forEach((symbol, result) -> {
            JsonNode timestamps = result.path("timestamp");
            JsonNode quote = result.path("indicators").path("quote").path(0);
            for (int i = 0; i < timestamps.size(); i++) {
                JsonNode o = quote.path("open").path(i);
                JsonNode h = quote.path("high").path(i);
                JsonNode l = quote.path("low").path(i);
                JsonNode c = quote.path("close").path(i);
                if (!o.isNumber() || !h.isNumber() || !l.isNumber() || !c.isNumber()) {
                    continue;
                }
                Instant t = Instant.ofEpochSecond(timestamps.path(i).asLong());
                JsonNode v = quote.path("volume").path(i);
                if (query.covers(t)) {
                    bars.add(new Bar(ContractRecord.CURRENT_SCHEMA_VERSION, symbol, t, query.timeframe(), o.asDouble(), h.asDouble(),
                            l.asDouble(), c.asDouble(), v.isNumber() ? v.asDouble() : 0, null, null, SOURCE, false));
                }
            }
        });
        return bars;
    }
}
