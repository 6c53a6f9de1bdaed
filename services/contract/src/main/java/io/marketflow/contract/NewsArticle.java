package io.marketflow.contract;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One news article about a ticker; topic {@link Topics#FINNHUB}, key = ticker.
 *
 * @param schemaVersion see {@link ContractRecord}
 * @param id the provider's article id (deduplication key)
 * @param ticker the ticker the article was requested for
 * @param related tickers the provider relates the article to
 * @param publishedAt publication time, UTC
 * @param headline the headline
 * @param summary the summary, possibly truncated by the provider
 * @param publisher who published it (e.g. Yahoo, Reuters)
 * @param url link to the article
 * @param provider {@code finnhub} or {@code newsapi}
 * @param sentiment the article's sentiment score in [-1, 1] (headline and summary), null when not scored
 * @param scorer the scorer's name and version, e.g. {@code finance-lexicon/1}; null when not scored
 */
public record NewsArticle(
        int schemaVersion,
        String id,
        String ticker,
        List<String> related,
        Instant publishedAt,
        String headline,
        String summary,
        String publisher,
        String url,
        String provider,
        Double sentiment,
        String scorer) implements ContractRecord {

    public NewsArticle {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(publishedAt, "publishedAt");
        related = related == null ? List.of() : List.copyOf(related);
    }
}
