package io.marketflow.ingest.news.repository;

import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.marketflow.contract.NewsArticle;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** The deduplication state of published articles ({@code news_seen}, registry migration V6). */
@ApplicationScoped
public class SeenArticlesRepository {

    private final Pool pool;

    public SeenArticlesRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * @param provider e.g. {@code finnhub}, {@code newsapi-recorded}
     * @param ids candidate article ids
     * @return those already published
     */
    public Uni<Set<String>> known(String provider, List<String> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        return pool.preparedQuery("SELECT article_id FROM news_seen WHERE provider = $1 AND article_id = ANY($2)")
                .execute(Tuple.of(provider, ids.toArray(new String[0])))
                .map(rows -> {
                    Set<String> known = new HashSet<>();
                    rows.forEach(row -> known.add(row.getString(0)));
                    return known;
                });
    }

    /**
     * Records articles Kafka acknowledged.
     *
     * @param provider the provider namespace
     * @param articles the published articles
     * @return done
     */
    public Uni<Void> markSeen(String provider, List<NewsArticle> articles) {
        if (articles.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> rows = articles.stream()
                .map(a -> Tuple.of(provider, a.id(), a.ticker(), a.publishedAt().atOffset(ZoneOffset.UTC)))
                .toList();
        return pool.preparedQuery("""
                INSERT INTO news_seen (provider, article_id, ticker, published_at) VALUES ($1, $2, $3, $4)
                ON CONFLICT (provider, article_id) DO NOTHING
                """).executeBatch(rows).replaceWithVoid();
    }

    /**
     * @param provider a provider namespace (the recorded replay's, at startup; tests)
     * @return rows deleted
     */
    public Uni<Integer> forget(String provider) {
        return pool.preparedQuery("DELETE FROM news_seen WHERE provider = $1").execute(Tuple.of(provider)).map(r -> r.rowCount());
    }

    /**
     * @param provider a provider namespace
     * @return how many articles it has published
     */
    public Uni<Long> count(String provider) {
        return pool.preparedQuery("SELECT count(*) FROM news_seen WHERE provider = $1").execute(Tuple.of(provider))
                .map(rows -> rows.iterator().next().getLong(0));
    }
}
