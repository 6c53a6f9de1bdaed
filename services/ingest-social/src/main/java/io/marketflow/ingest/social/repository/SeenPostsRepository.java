package io.marketflow.ingest.social.repository;

import java.time.Duration;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.marketflow.ingest.social.domain.Normalized;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The deduplication state of posts ({@code social_seen}, registry migrations V7 and V9): a post is claimed
 * ({@code pending}) before it is published and confirmed ({@code sent}) after Kafka's ack, so instances sharing the
 * database publish each post once.
 */
@ApplicationScoped
public class SeenPostsRepository {

    private final Pool pool;

    public SeenPostsRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * Claims posts for publishing: one atomic statement per post, so of two instances claiming the same post exactly
     * one gets it. A post already sent, or pending under a claim younger than {@code staleAfter}, is not returned; a
     * pending claim older than that (its instance died before the ack) is taken over.
     *
     * @param platform the platform namespace
     * @param posts the candidates
     * @param staleAfter age after which a pending claim is taken over
     * @return the ids this caller claimed and must publish, then {@link #confirm} or {@link #release}
     */
    public Uni<Set<String>> claim(String platform, List<Normalized> posts, Duration staleAfter) {
        if (posts.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        double stale = staleAfter.toMillis() / 1000.0;
        List<Tuple> rows = posts.stream()
                .map(p -> Tuple.from(new Object[] { platform, p.post().id(), p.uri(), p.post().keyword(), p.post().ticker(),
                        p.post().createdAt().atOffset(ZoneOffset.UTC), stale }))
                .toList();
        return pool.preparedQuery("""
                INSERT INTO social_seen (platform, post_id, uri, keyword, ticker, created_at, state, claimed_at)
                VALUES ($1, $2, $3, $4, $5, $6, 'pending', now())
                ON CONFLICT (platform, post_id) DO UPDATE SET claimed_at = now(), keyword = EXCLUDED.keyword, ticker = EXCLUDED.ticker
                WHERE social_seen.state = 'pending' AND social_seen.claimed_at < now() - make_interval(secs => $7)
                RETURNING post_id
                """).executeBatch(rows).map(SeenPostsRepository::ids);
    }

    /**
     * Marks claimed posts as sent, once Kafka acknowledged them.
     *
     * @param platform the platform namespace
     * @param ids the acknowledged posts
     * @return done
     */
    public Uni<Void> confirm(String platform, List<String> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return pool.preparedQuery("UPDATE social_seen SET state = 'sent' WHERE platform = $1 AND post_id = ANY($2)")
                .execute(Tuple.of(platform, ids.toArray(new String[0]))).replaceWithVoid();
    }

    /**
     * Gives up claims whose publishing failed, so the next poll (of any instance) claims them again at once.
     *
     * @param platform the platform namespace
     * @param ids the posts not acknowledged
     * @return done
     */
    public Uni<Void> release(String platform, List<String> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return pool.preparedQuery("DELETE FROM social_seen WHERE platform = $1 AND post_id = ANY($2) AND state = 'pending'")
                .execute(Tuple.of(platform, ids.toArray(new String[0]))).replaceWithVoid();
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
     * @param platform a platform namespace (tests)
     * @return rows deleted
     */
    public Uni<Integer> forget(String platform) {
        return pool.preparedQuery("DELETE FROM social_seen WHERE platform = $1").execute(Tuple.of(platform)).map(r -> r.rowCount());
    }

    /**
     * @param prefix the start shared by the namespaces to drop (a platform's recorded runs)
     * @param keep the one namespace with that start to keep (the current run's)
     * @return rows deleted
     */
    public Uni<Integer> forgetOthers(String prefix, String keep) {
        // left(...) rather than LIKE: a prefix is compared as it is, with no wildcard to escape.
        return pool.preparedQuery("DELETE FROM social_seen WHERE left(platform, length($1)) = $1 AND platform <> $2")
                .execute(Tuple.of(prefix, keep)).map(r -> r.rowCount());
    }

    /**
     * @param platform a platform namespace
     * @return how many posts it has published
     */
    public Uni<Long> count(String platform) {
        return pool.preparedQuery("SELECT count(*) FROM social_seen WHERE platform = $1").execute(Tuple.of(platform))
                .map(rows -> rows.iterator().next().getLong(0));
    }
}
