package io.marketflow.ingest.market.client.polygon;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
 * Polygon aggregates as a provider: one request per symbol (epoch-millisecond window), following {@code next_url}.
 */
@ApplicationScoped
public class PolygonBarProvider extends BarFetcher<BarQuery, List<PolygonBarProvider.Page>> {

    /** Provider name and {@code source} of Polygon's records. */
    public static final String SOURCE = "polygon";
    private static final String AGGS = "/v2/aggs/ticker/";

    private final PolygonRestClient rest;
    private final MarketConfig.Polygon config;
    private final ProviderCalls calls;

    public PolygonBarProvider(@RestClient PolygonRestClient rest, MarketConfig config, MeterRegistry registry) {
        this.rest = rest;
        this.config = config.polygon();
        this.calls = new ProviderCalls(SOURCE, this.config.requestsPerMinute(), this.config.retry().policy(), registry);
    }

    /**
     * One page of one symbol.
     *
     * @param symbol the ticker
     * @param body the page
     */
    record Page(String symbol, JsonNode body) {
    }

    @Override
    public String name() {
        return SOURCE;
    }

    @Override
    public Optional<String> disabledReason() {
        return config.apiKey().isPresent() ? Optional.empty() : Optional.of("POLYGON_API_KEY is not set");
    }

    @Override
    protected BarQuery transformQuery(BarQuery query) {
        return query;
    }

    @Override
    protected List<Page> extractData(BarQuery query) {
        String timespan = BarQuery.ONE_DAY.equals(query.timeframe()) ? "day" : "minute";
        List<Page> pages = new ArrayList<>();
        for (String symbol : query.symbols()) {
            // Polygon's "to" is inclusive.
            String from = Long.toString(query.start().toEpochMilli());
            String to = Long.toString(query.end().toEpochMilli() - 1);
            String cursor = null;
            while (true) {
                String f = from;
                String t = to;
                String c = cursor;
                JsonNode body = calls.call("aggregates", () -> rest.aggregates("Bearer " + config.apiKey().orElseThrow(), symbol, 1, timespan,
                        f, t, true, "asc", config.pageLimit(), c));
                pages.add(new Page(symbol, body));
                String next = body.path("next_url").asText(null);
                if (next == null || next.isEmpty()) {
                    break;
                }
                // next_url names the same aggregate with a new "from" and a cursor; send it to our configured host only,
                // with the key in the header, never to whatever host the body names.
                String[] segments = nextSegments(next);
                from = segments[0];
                to = segments[1];
                cursor = segments[2];
            }
        }
        return pages;
    }

    @Override
    protected List<Bar> transformData(BarQuery query, List<Page> pages) {
        List<Bar> bars = new ArrayList<>();
        for (Page page : pages) {
            for (JsonNode r : page.body().path("results")) {
                Instant t = Instant.ofEpochMilli(r.path("t").asLong());
                if (query.covers(t)) {
                    bars.add(new Bar(ContractRecord.CURRENT_SCHEMA_VERSION, page.symbol(), t, query.timeframe(), r.path("o").asDouble(),
                            r.path("h").asDouble(), r.path("l").asDouble(), r.path("c").asDouble(), r.path("v").asDouble(),
                            r.has("n") ? r.path("n").asLong() : null, r.has("vw") ? r.path("vw").asDouble() : null, SOURCE, false));
                }
            }
        }
        return bars;
    }

    /** @return from, to and cursor of a {@code next_url} */
    static String[] nextSegments(String nextUrl) {
        URI uri = URI.create(nextUrl);
        String path = uri.getPath();
        int at = path.indexOf(AGGS);
        if (at < 0) {
            throw new ProviderException("polygon: unexpected next_url path " + path, 0);
        }
        // ticker/range/{multiplier}/{timespan}/{from}/{to}
        String[] parts = path.substring(at + AGGS.length()).split("/");
        if (parts.length < 6) {
            throw new ProviderException("polygon: unexpected next_url path " + path, 0);
        }
        String cursor = null;
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                if (pair.startsWith("cursor=")) {
                    cursor = URLDecoder.decode(pair.substring("cursor=".length()), StandardCharsets.UTF_8);
                }
            }
        }
        return new String[] { parts[4], parts[5], cursor };
    }
}
