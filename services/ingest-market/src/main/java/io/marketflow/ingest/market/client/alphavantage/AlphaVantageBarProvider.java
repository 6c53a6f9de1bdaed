package io.marketflow.ingest.market.client.alphavantage;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import com.fasterxml.jackson.databind.JsonNode;

import io.marketflow.calendar.MarketCalendar;
import io.marketflow.contract.Bar;
import io.marketflow.contract.ContractRecord;
import io.marketflow.ingest.market.client.BarFetcher;
import io.marketflow.ingest.market.client.BarQuery;
import io.marketflow.ingest.market.config.MarketConfig;
import io.marketflow.provider.ProviderCalls;
import io.marketflow.provider.ProviderException;
import io.marketflow.provider.RateLimitedException;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Alpha Vantage as a provider: one intraday request per symbol and month, string values, keys in New York local
 * time (converted with the zone's DST rules), and rate limits that arrive as HTTP 200 with an {@code Information}
 * (or older {@code Note}) body, which are retried like a 429.
 */
@ApplicationScoped
public class AlphaVantageBarProvider extends BarFetcher<BarQuery, List<AlphaVantageBarProvider.Series>> {

    /** Provider name and {@code source} of Alpha Vantage's records. */
    public static final String SOURCE = "alphavantage";
    private static final DateTimeFormatter INTRADAY_KEY = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final AlphaVantageRestClient rest;
    private final MarketConfig.AlphaVantage config;
    private final ProviderCalls calls;

    public AlphaVantageBarProvider(@RestClient AlphaVantageRestClient rest, MarketConfig config, MeterRegistry registry) {
        this.rest = rest;
        this.config = config.alphaVantage();
        this.calls = new ProviderCalls(SOURCE, this.config.requestsPerMinute(), this.config.retry().policy(), registry);
    }

    /**
     * One answer of one symbol.
     *
     * @param symbol the ticker
     * @param body the answer
     */
    record Series(String symbol, JsonNode body) {
    }

    @Override
    public String name() {
        return SOURCE;
    }

    @Override
    public Optional<String> disabledReason() {
        return config.apiKey().isPresent() ? Optional.empty() : Optional.of("ALPHAVANTAGE_API_KEY is not set");
    }

    @Override
    protected BarQuery transformQuery(BarQuery query) {
        return query;
    }

    @Override
    protected List<Series> extractData(BarQuery query) {
        List<Series> series = new ArrayList<>();
        String key = config.apiKey().orElseThrow();
        for (String symbol : query.symbols()) {
            if (BarQuery.ONE_DAY.equals(query.timeframe())) {
                series.add(new Series(symbol, calls.call("daily", () -> checked(rest.daily("TIME_SERIES_DAILY", symbol, "full", key)))));
                continue;
            }
            YearMonth last = YearMonth.from(LocalDate.ofInstant(query.end().minusNanos(1), MarketCalendar.NEW_YORK));
            for (YearMonth month = YearMonth.from(LocalDate.ofInstant(query.start(), MarketCalendar.NEW_YORK)); !month.isAfter(last);
                    month = month.plusMonths(1)) {
                String m = month.toString();
                series.add(new Series(symbol, calls.call("intraday", () -> checked(
                        rest.intraday("TIME_SERIES_INTRADAY", symbol, "1min", m, "full", false, key)))));
            }
        }
        return series;
    }

    @Override
    protected List<Bar> transformData(BarQuery query, List<Series> answers) {
        List<Bar> bars = new ArrayList<>();
        for (Series answer : answers) {
            JsonNode timeSeries = timeSeries(answer.body());
            for (Iterator<Map.Entry<String, JsonNode>> it = timeSeries.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> entry = it.next();
                Instant t = instant(entry.getKey());
                JsonNode v = entry.getValue();
                if (query.covers(t)) {
                    bars.add(new Bar(ContractRecord.CURRENT_SCHEMA_VERSION, answer.symbol(), t, query.timeframe(), number(v, "1. open"),
                            number(v, "2. high"), number(v, "3. low"), number(v, "4. close"), number(v, "5. volume"), null, null, SOURCE,
                            false));
                }
            }
        }
        // Alpha Vantage lists newest first.
        bars.sort(Comparator.comparing(Bar::ticker).thenComparing(Bar::timestamp));
        return bars;
    }

    /** A 200 is not always an answer: the rate limit and bad calls come back as 200 too. */
    private JsonNode checked(JsonNode body) {
        JsonNode limit = body.has("Information") ? body.get("Information") : body.get("Note");
        if (limit != null) {
            // Never the body's text: Alpha Vantage quotes the caller's API key in it.
            throw new RateLimitedException("alphavantage: rate limit answered with HTTP 200 and an Information/Note body",
                    config.rateLimitPause());
        }
        if (body.has("Error Message")) {
            throw new ProviderException("alphavantage: " + body.get("Error Message").asText(), 200);
        }
        return body;
    }

    private static JsonNode timeSeries(JsonNode body) {
        for (Iterator<String> names = body.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (name.startsWith("Time Series")) {
                return body.get(name);
            }
        }
        return com.fasterxml.jackson.databind.node.NullNode.getInstance();
    }

    /** Keys are New York local times ("2025-11-20 19:55:00") or dates (daily: midnight New York). */
    static Instant instant(String key) {
        LocalDateTime local = key.length() > 10 ? LocalDateTime.parse(key, INTRADAY_KEY) : LocalDate.parse(key).atStartOfDay();
        return local.atZone(MarketCalendar.NEW_YORK).toInstant();
    }

    private static double number(JsonNode values, String field) {
        return Double.parseDouble(values.path(field).asText("NaN"));
    }
}
