package io.marketflow.ingest.market.client;

import java.util.List;
import java.util.Optional;

import io.marketflow.contract.Bar;
import io.marketflow.provider.ProviderException;

/**
 * One source of market data behind the same question and the same normalized answer ({@link Bar}), whatever the
 * provider's own query parameters, paging and payload shapes.
 */
public interface MarketDataProvider {

    /**
     * @return the provider's name, as {@code marketflow.market.backfill.provider} names it: {@code alpaca}, {@code polygon}, …
     */
    String name();

    /**
     * @return the {@code source} of its records, dead letters and metrics: the name live, {@code <name>-recorded} when
     *         it replays recorded responses
     */
    default String source() {
        return name();
    }

    /**
     * @return true when the provider replays recorded responses instead of calling the real API (no keys)
     */
    default boolean recorded() {
        return false;
    }

    /**
     * @return why the provider cannot be used (e.g. its key is not set), empty when it can
     */
    Optional<String> disabledReason();

    /**
     * Fetches every page of the answer.
     *
     * @param query symbols, window and timeframe
     * @return the bars, normalized, in time order per symbol; never null
     * @throws ProviderException when the provider refuses the query or retries ran out
     */
    List<Bar> bars(BarQuery query);
}
