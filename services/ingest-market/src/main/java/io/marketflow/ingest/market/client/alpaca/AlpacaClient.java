package io.marketflow.ingest.market.client.alpaca;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.marketflow.contract.ContractRecord;
import io.marketflow.contract.Trade;
import io.marketflow.ingest.market.client.alpaca.AlpacaLatestTrades.AlpacaTrade;
import io.marketflow.ingest.market.config.MarketConfig;
import io.marketflow.provider.ProviderCalls;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Alpaca's REST API as the rest of the service sees it: keys from the environment, the shared rate limiter, retries.
 */
@ApplicationScoped
public class AlpacaClient {

    /** Provider name and {@code source} of Alpaca's records. */
    public static final String SOURCE = "alpaca";

    private final AlpacaRestClient rest;
    private final MarketConfig.Alpaca config;
    private final ProviderCalls calls;

    public AlpacaClient(@RestClient AlpacaRestClient rest, MarketConfig config, MeterRegistry registry) {
        this.rest = rest;
        this.config = config.alpaca();
        this.calls = new ProviderCalls(SOURCE, this.config.requestsPerMinute(), this.config.retry().policy(), registry);
    }

    /**
     * @return why Alpaca cannot be used, empty when both keys are set
     */
    public Optional<String> disabledReason() {
        if (config.keyId().isEmpty() || config.secretKey().isEmpty()) {
            return Optional.of("ALPACA_API_KEY_ID / ALPACA_API_SECRET_KEY are not set");
        }
        return Optional.empty();
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
        return calls.call("bars", () -> rest.bars(keyId(), secretKey(), String.join(",", symbols), timeframe, start.toString(),
                end.toString(), config.pageLimit(), config.adjustment(), config.feed(), "asc", pageToken));
    }

    /**
     * @param symbols the tickers
     * @return the latest trade of each symbol that has one, normalized
     */
    public List<Trade> latestTrades(List<String> symbols) {
        AlpacaLatestTrades answer = calls.call("latest trades",
                () -> rest.latestTrades(keyId(), secretKey(), String.join(",", symbols), config.feed()));
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

    private String keyId() {
        return config.keyId().orElseThrow();
    }

    private String secretKey() {
        return config.secretKey().orElseThrow();
    }
}
