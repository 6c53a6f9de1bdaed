package io.marketflow.contract;

import java.util.List;

/**
 * Default Kafka topic names: the original system's names, so its downstream consumers keep working.
 * Every service lets configuration override them; these are the defaults and the names tests use.
 */
public final class Topics {

    /** Historical 1-minute bars, one message per ticker per ISO week, keyed by ticker. */
    public static final String H_ALPACA = "h_alpaca";
    /** Historical macro observations, keyed by series alias. */
    public static final String H_MACRODATA = "h_macrodata";
    /** Company fundamentals, keyed by ticker. */
    public static final String H_COMPANY = "h_company";
    /** Real-time and synthetic trades, keyed by ticker. */
    public static final String STOCK_TRADES = "stock_trades";
    /** Real-time macro observations, keyed by series alias. */
    public static final String MACRODATA = "macrodata";
    /** Bluesky posts, keyed by keyword. */
    public static final String BLUESKY = "bluesky";
    /** Finnhub company news, keyed by ticker. */
    public static final String FINNHUB = "finnhub";
    /** NewsAPI articles found by company name and related words, keyed by ticker. New: the original had none. */
    public static final String NEWSAPI = "newsapi";
    /** X (Twitter) recent-search posts, keyed by keyword. New: the original had none. */
    public static final String X_POSTS = "x_posts";
    /** Monetary-policy events (rate decisions, FOMC meetings), keyed by event type. New: the original had none. */
    public static final String POLICY_EVENTS = "policy_events";
    /** Signal that an aggregation run completed and a model may start. */
    public static final String START_MODEL = "start_model";

    /** Suffix of every dead-letter topic: records that failed validation or deserialization go to {@code <topic>.dlq}. */
    public static final String DEAD_LETTER_SUFFIX = ".dlq";

    /** Every raw topic an ingest service writes and the sink stores. */
    public static final List<String> RAW = List.of(H_ALPACA, H_MACRODATA, H_COMPANY, STOCK_TRADES, MACRODATA, POLICY_EVENTS, BLUESKY, X_POSTS, FINNHUB, NEWSAPI);

    private Topics() {
    }

    /**
     * @param topic a raw topic
     * @return the dead-letter topic that receives the raw topic's rejected records
     */
    public static String deadLetter(String topic) {
        return topic + DEAD_LETTER_SUFFIX;
    }
}
