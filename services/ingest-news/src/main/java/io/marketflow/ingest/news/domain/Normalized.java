package io.marketflow.ingest.news.domain;

import io.marketflow.contract.NewsArticle;

/**
 * One provider item after normalization: an article, or the reason it was rejected together with its raw JSON
 * (what goes to the dead-letter topic).
 *
 * @param article the article, null when rejected
 * @param reason why the item was rejected, null when accepted
 * @param raw the item's JSON as received
 */
public record Normalized(NewsArticle article, String reason, String raw) {

    static Normalized ok(NewsArticle article, String raw) {
        return new Normalized(article, null, raw);
    }

    static Normalized rejected(String reason, String raw) {
        return new Normalized(null, reason, raw);
    }

    /** @return true when the item became an article */
    public boolean accepted() {
        return article != null;
    }
}
