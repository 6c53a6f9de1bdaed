package io.marketflow.ingest.market.client.alpaca;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.marketflow.contract.ContractRecord;
import io.marketflow.contract.Trade;
import io.marketflow.ingest.market.client.alpaca.AlpacaLatestTrades.AlpacaTrade;
import io.marketflow.ingest.market.config.MarketConfig;
import io.marketflow.ingest.market.config.MarketConfig.Mode;
import io.marketflow.ingest.market.config.Modes;
import io.marketflow.provider.ProviderCalls;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.quarkus.runtime.LaunchMode;

/**
 * Alpaca's REST API as the rest of the service sees it: keys from the environment, the shared rate limiter, retries;
 * in recorded mode the same client interface pointed at this service's own {@code /recorded/alpaca}.
 */
@ApplicationScoped
public class AlpacaClient {

    /** Provider name and {@code source} of Alpaca's live records. */
    public static final String SOURCE = "alpaca";
    /** {@code source} of the recorded replay's records, metrics and dead letters, so nobody mistakes them for live data. */
    public static final String RECORDED_SOURCE = "alpaca-recorded";
    /** Path of the recorded replay on this service's HTTP port ({@code rest.RecordedAlpacaResource}). */
    public static final String RECORDED_PATH = "/recorded/alpaca";

    private final AlpacaRestClient live;
    private final MarketConfig.Alpaca config;
    private final Optional<Mode> mode;
    private final ProviderCalls calls;
    private volatile AlpacaRestClient recorded;

    public AlpacaClient(@RestClient AlpacaRestClient rest, MarketConfig config, MeterRegistry registry) {
        this.live = rest;
        this.config = config.alpaca();
        this.mode = Modes.alpaca(this.config.mode(), this.config.keyId(), this.config.secretKey());
        this.calls = new ProviderCalls(source(), this.config.requestsPerMinute(), this.config.retry().policy(), registry);
    }

    /**
     * @return why Alpaca's bars cannot be fetched, empty in live mode with both keys and in recorded mode
     */
    public Optional<String> disabledReason() {
        if (mode.isEmpty()) {
            return Optional.of("marketflow.market.alpaca.mode=live but ALPACA_API_KEY_ID / ALPACA_API_SECRET_KEY are not set");
        }
        return Optional.empty();
    }

    /**
     * @return the mode, empty when the provider is off
     */
    public Optional<Mode> mode() {
        return mode;
    }

    /**
     * @return true when the bars come from the recorded replay
     */
    public boolean recorded() {
        return mode.orElse(null) == Mode.RECORDED;
    }

    /**
     * @return {@link #RECORDED_SOURCE} in recorded mode, else {@link #SOURCE}
     */
    public String source() {
        return recorded() ? RECORDED_SOURCE : SOURCE;
    }

    /**
     * One page of multi-symbol bars.
     *
     * @param symbols the tickers
     * @param timeframe Alpaca's timeframe, e.g. {@code 1Min}
     * @param start first bar start, inclusive
     * @param end last bar start, inclusive (Alpaca's end is inclusive)
     * @param pageToken null for the first page
     * @return the page
     */
    public AlpacaBarsPage barsPage(List<String> symbols, String timeframe, Instant start, Instant end, String pageToken) {
        return calls.call("bars", () -> rest().bars(keyId(), secretKey(), String.join(",", symbols), timeframe, start.toString(),
                end.toString(), config.pageLimit(), config.adjustment(), config.feed(), "asc", pageToken));
    }

    /**
     * Live only: the recorded replay has no latest trades (it answers 404, a {@link io.marketflow.provider.ProviderException}).
     *
     * @param symbols the tickers
     * @return the latest trade of each symbol that has one, normalized
     */
    public List<Trade> latestTrades(List<String> symbols) {
        AlpacaLatestTrades answer = calls.call("latest trades",
                () -> rest().latestTrades(keyId(), secretKey(), String.join(",", symbols), config.feed()));
        if (answer.trades() == null) {
            return List.of();
        }
        return answer.trades().entrySet().stream().map(e -> toTrade(e.getKey(), e.getValue())).toList();
    }

    /**
     * @return the shared request pacing, for tests and benchmarks
     */
    public ProviderCalls calls() {
        return calls;
    }

    /**
     * Normalizes an Alpaca trade (REST or WebSocket).
     *
     * @param symbol the ticker
     * @param trade Alpaca's trade
     * @return the contract trade
     */
    public static Trade toTrade(String symbol, AlpacaTrade trade) {
        return new Trade(ContractRecord.CURRENT_SCHEMA_VERSION, symbol, Instant.parse(trade.t()), trade.p(), trade.s(), trade.x(),
                trade.i(), trade.c(), trade.z(), SOURCE, false);
    }

    private AlpacaRestClient rest() {
        if (!recorded()) {
            return live;
        }
        AlpacaRestClient client = recorded;
        if (client == null) {
            // Built on the first request, not at startup: the HTTP server's port (random in tests) is known only once it listens.
            client = QuarkusRestClientBuilder.newBuilder()
                    .baseUri(URI.create("http://127.0.0.1:" + ownPort() + RECORDED_PATH))
                    .connectTimeout(5, TimeUnit.SECONDS)
                    .readTimeout(30, TimeUnit.SECONDS)
                    .build(AlpacaRestClient.class);
            recorded = client;
        }
        return client;
    }

    private static int ownPort() {
        String name = LaunchMode.current() == LaunchMode.TEST ? "quarkus.http.test-port" : "quarkus.http.port";
        int port = ConfigProvider.getConfig().getOptionalValue(name, Integer.class).orElse(8080);
        if (port <= 0) {
            // A random port not bound yet: fail this request; the backfill retries the week.
            throw new IllegalStateException("the HTTP server's port is not known yet (" + name + "=" + port + ")");
        }
        return port;
    }

    private String keyId() {
        // The recorded replay needs no key, and the real ones never travel to it even when they are set.
        return recorded() ? "recorded" : config.keyId().orElseThrow();
    }

    private String secretKey() {
        return recorded() ? "recorded" : config.secretKey().orElseThrow();
    }
}
