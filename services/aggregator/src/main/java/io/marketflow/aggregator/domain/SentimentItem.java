package io.marketflow.aggregator.domain;

import java.time.Instant;

/**
 * One scored article or post, as stored in {@code aggregator_sentiment}.
 *
 * @param kind {@link #NEWS} or {@link #BLUESKY}
 * @param id the provider's id
 * @param ticker the ticker; {@link #GENERAL} for a market-wide post
 * @param publishedAt when it was published
 * @param sentiment its score in [-1, 1]
 */
public record SentimentItem(String kind, String id, String ticker, Instant publishedAt, double sentiment) {

    /** Kind of a Finnhub news article. */
    public static final String NEWS = "news";
    /** Kind of a Bluesky post. */
    public static final String BLUESKY = "bluesky";
    /** The ticker of a general (market-wide) post. */
    public static final String GENERAL = "";
}
