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
     * @return the provider's name, also the {@code source} of its records: {@code alpaca}, {@code polygon}, …
     */
    String name();

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
