package io.marketflow.ingest.news.repository;

import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;

import jakarta.inject.Singleton;

import io.marketflow.contract.NewsArticle;
import io.marketflow.seen.SeenClaims;
import io.marketflow.seen.SeenTable;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * The deduplication state of articles ({@code news_seen}, registry migrations V6 and V9) through the shared
 * {@link SeenClaims}: an article is claimed before it is published and confirmed after Kafka's ack, so instances sharing
 * the database publish each article once; a stale claim's taker writes the ticker it found the article under.
 */
// Singleton, not ApplicationScoped: a client proxy needs a no-args constructor, which SeenClaims (final fields) has not.
@Singleton
public class SeenArticlesRepository extends SeenClaims<NewsArticle> {

    /** {@code news_seen}: namespace {@code provider}, id {@code article_id}. */
    static final SeenTable<NewsArticle> NEWS_SEEN = new SeenTable<>("news_seen", "provider", "article_id",
            List.of("ticker", "published_at"), List.of("ticker"), NewsArticle::id,
            // Arrays.asList, not List.of: a value may be null and the statement binds it as NULL.
            a -> Arrays.asList(a.ticker(), a.publishedAt().atOffset(ZoneOffset.UTC)));

    public SeenArticlesRepository(Pool pool) {
        super(pool, NEWS_SEEN);
    }
}
