package io.marketflow.ingest.social.domain;

/**
 * One search keyword and what a match means.
 *
 * @param text the search term, e.g. {@code Apple} or {@code interest rates}
 * @param ticker the company's ticker when the keyword is a company's ticker, name or related word; null for a general
 *        financial keyword
 */
public record Keyword(String text, String ticker) {

    /** @return true for a general (market-wide) keyword */
    public boolean general() {
        return ticker == null;
    }
}
