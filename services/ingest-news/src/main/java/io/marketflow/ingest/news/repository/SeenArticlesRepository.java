package io.marketflow.ingest.news.repository;

import java.time.Duration;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.marketflow.contract.NewsArticle;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The deduplication state of articles ({@code news_seen}, registry migrations V6 and V9): an article is claimed
 * ({@code pending}) before it is published and confirmed ({@code sent}) after Kafka's ack, so instances sharing the
 * database publish each article once.
 */
@ApplicationScoped
public class SeenArticlesRepository {

    private final Pool pool;

    public SeenArticlesRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * Claims articles for publishing: one atomic statement per article, so of two instances claiming the same article
     * exactly one gets it. An article already sent, or pending under a claim younger than {@code staleAfter}, is not
     * returned; a pending claim older than that (its instance died before the ack) is taken over.
     *
     * @param provider the provider namespace
     * @param articles the candidates
     * @param staleAfter age after which a pending claim is taken over
     * @return the ids this caller claimed and must publish, then {@link #confirm} or {@link #release}
     */
    public Uni<Set<String>> claim(String provider, List<NewsArticle> articles, Duration staleAfter) {
        if (articles.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        double stale = staleAfter.toMillis() / 1000.0;
        List<Tuple> rows = articles.stream()
                .map(a -> Tuple.of(provider, a.id(), a.ticker(), a.publishedAt().atOffset(ZoneOffset.UTC), stale))
                .toList();
        return pool.preparedQuery("""
                INSERT INTO news_seen (provider, article_id, ticker, published_at, state, claimed_at)
                VALUES ($1, $2, $3, $4, 'pending', now())
                ON CONFLICT (provider, article_id) DO UPDATE SET claimed_at = now(), ticker = EXCLUDED.ticker
                WHERE news_seen.state = 'pending' AND news_seen.claimed_at < now() - make_interval(secs => $5)
                RETURNING article_id
                """).executeBatch(rows).map(SeenArticlesRepository::ids);
    }

    /**
     * Marks claimed articles as sent, once Kafka acknowledged them.
     *
     * @param provider the provider namespace
     * @param ids the acknowledged articles
     * @return done
     */
    public Uni<Void> confirm(String provider, List<String> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return pool.preparedQuery("UPDATE news_seen SET state = 'sent' WHERE provider = $1 AND article_id = ANY($2)")
                .execute(Tuple.of(provider, ids.toArray(new String[0]))).replaceWithVoid();
    }

    /**
     * Gives up claims whose publishing failed, so the next poll (of any instance) claims them again at once.
     *
     * @param provider the provider namespace
     * @param ids the articles not acknowledged
     * @return done
     */
    public Uni<Void> release(String provider, List<String> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return pool.preparedQuery("DELETE FROM news_seen WHERE provider = $1 AND article_id = ANY($2) AND state = 'pending'")
                .execute(Tuple.of(provider, ids.toArray(new String[0]))).replaceWithVoid();
    }

    private static Set<String> ids(RowSet<Row> first) {
        Set<String> ids = new HashSet<>();
        // A batch answers one row set per statement, chained.
        for (RowSet<Row> rows = first; rows != null; rows = rows.next()) {
            rows.forEach(row -> ids.add(row.getString(0)));
        }
        return ids;
    }

    /**
     * @param provider a provider namespace (tests)
     * @return rows deleted
     */
    public Uni<Integer> forget(String provider) {
        return pool.preparedQuery("DELETE FROM news_seen WHERE provider = $1").execute(Tuple.of(provider)).map(r -> r.rowCount());
    }

    /**
     * @param prefix the start shared by the namespaces to drop (a provider's recorded runs)
     * @param keep the one namespace with that start to keep (the current run's)
     * @return rows deleted
     */
    public Uni<Integer> forgetOthers(String prefix, String keep) {
        // left(...) rather than LIKE: a prefix is compared as it is, with no wildcard to escape.
        return pool.preparedQuery("DELETE FROM news_seen WHERE left(provider, length($1)) = $1 AND provider <> $2")
                .execute(Tuple.of(prefix, keep)).map(r -> r.rowCount());
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
