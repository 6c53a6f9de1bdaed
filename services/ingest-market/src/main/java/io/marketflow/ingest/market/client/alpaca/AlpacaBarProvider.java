package io.marketflow.ingest.market.client.alpaca;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.marketflow.contract.Bar;
import io.marketflow.contract.ContractRecord;
import io.marketflow.ingest.market.client.BarFetcher;
import io.marketflow.ingest.market.client.BarQuery;
import io.marketflow.ingest.market.client.alpaca.AlpacaBarsPage.AlpacaBar;

/**
 * Alpaca's multi-symbol historical bars as a provider: one query for many symbols, followed through every
 * {@code next_page_token}; live from Alpaca, or recorded from this service's replay through the same client.
 */
@ApplicationScoped
public class AlpacaBarProvider extends BarFetcher<BarQuery, List<AlpacaBarsPage>> {

    private final AlpacaClient client;

    public AlpacaBarProvider(AlpacaClient client) {
        this.client = client;
    }

    @Override
    public String name() {
        return AlpacaClient.SOURCE;
    }

    @Override
    public Optional<String> disabledReason() {
        return client.disabledReason();
    }

    @Override
    public boolean recorded() {
        return client.recorded();
    }

    @Override
    public String source() {
        return client.source();
    }

    @Override
    protected BarQuery transformQuery(BarQuery query) {
        // Alpaca's timeframe names are the neutral ones; its end is inclusive, ours exclusive.
        return new BarQuery(query.symbols(), query.start(), query.end().minusNanos(1), query.timeframe());
    }

    @Override
    protected List<AlpacaBarsPage> extractData(BarQuery query) {
        List<AlpacaBarsPage> pages = new ArrayList<>();
        String token = null;
        do {
            AlpacaBarsPage page = client.barsPage(query.symbols(), query.timeframe(), query.start(), query.end(), token);
            pages.add(page);
            token = page.nextPageToken();
        } while (token != null && !token.isEmpty());
        return pages;
    }

    @Override
    protected List<Bar> transformData(BarQuery query, List<AlpacaBarsPage> pages) {
        List<Bar> bars = new ArrayList<>();
        String source = client.source();
        for (AlpacaBarsPage page : pages) {
            if (page.bars() == null) {
                continue;
            }
            page.bars().forEach((symbol, symbolBars) -> {
                for (AlpacaBar b : symbolBars) {
                    Instant t = Instant.parse(b.t());
                    if (query.covers(t)) {
                        bars.add(new Bar(ContractRecord.CURRENT_SCHEMA_VERSION, symbol, t, query.timeframe(), b.o(), b.h(), b.l(),
                                b.c(), b.v(), b.n(), b.vw(), source, false));
                    }
                }
            });
        }
        // Pages split a symbol's bars; the contract wants them in time order per symbol.
        bars.sort(Comparator.comparing(Bar::ticker).thenComparing(Bar::timestamp));
        return bars;
    }
}
