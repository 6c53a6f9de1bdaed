package io.marketflow.ingest.market.client;

import java.util.List;

import io.marketflow.contract.Bar;

/**
 * The query → fetch → normalize pipeline of one provider (the shape of OpenBB's fetchers): translate the neutral
 * query into the provider's parameters, fetch every page raw, then normalize into {@link Bar}s.
 *
 * @param <Q> the provider's query
 * @param <R> the provider's raw answer (all pages)
 */
public abstract class BarFetcher<Q, R> implements MarketDataProvider {

    @Override
    public final List<Bar> bars(BarQuery query) {
        Q providerQuery = transformQuery(query);
        R raw = extractData(providerQuery);
        return transformData(query, raw);
    }

    /**
     * @param query the neutral query
     * @return the provider's parameters
     */
    protected abstract Q transformQuery(BarQuery query);

    /**
     * @param query the provider's parameters
     * @return every page of the provider's answer, raw
     */
    protected abstract R extractData(Q query);

    /**
     * @param query the neutral query (to drop anything outside its window)
     * @param raw the provider's answer
     * @return normalized bars, in time order per symbol
     */
    protected abstract List<Bar> transformData(BarQuery query, R raw);
}
