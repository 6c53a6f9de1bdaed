package io.marketflow.ingest.social.repository;

import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.marketflow.ingest.social.domain.Normalized;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** The deduplication state of published posts ({@code social_seen}, registry migration V7). */
@ApplicationScoped
public class SeenPostsRepository {

    private final Pool pool;

    public SeenPostsRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * @param platform e.g. {@code bluesky}, {@code bluesky-recorded}, {@code x}
     * @param ids candidate post ids
     * @return those already published
     */
    public Uni<Set<String>> known(String platform, List<String> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        return pool.preparedQuery("SELECT post_id FROM social_seen WHERE platform = $1 AND post_id = ANY($2)")
                .execute(Tuple.of(platform, ids.toArray(new String[0])))
                .map(rows -> {
                    Set<String> known = new HashSet<>();
                    rows.forEach(row -> known.add(row.getString(0)));
                    return known;
                });
    }

    /**
     * Records posts Kafka acknowledged.
     *
     * @param platform the platform namespace
     * @param posts the published posts (with their uri)
     * @return done
     */
    public Uni<Void> markSeen(String platform, List<Normalized> posts) {
        if (posts.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> rows = posts.stream()
                .map(p -> Tuple.of(platform, p.post().id(), p.uri(), p.post().keyword(), p.post().ticker(),
                        p.post().createdAt().atOffset(ZoneOffset.UTC)))
                .toList();
        return pool.preparedQuery("""
                INSERT INTO social_seen (platform, post_id, uri, keyword, ticker, created_at)
                VALUES ($1, $2, $3, $4, $5, $6)
                ON CONFLICT (platform, post_id) DO NOTHING
                """).executeBatch(rows).replaceWithVoid();
    }

    /**
     * @param platform a platform namespace (the recorded replay's, at startup; tests)
     * @return rows deleted
     */
    public Uni<Integer> forget(String platform) {
        return pool.preparedQuery("DELETE FROM social_seen WHERE platform = $1").execute(Tuple.of(platform)).map(r -> r.rowCount());
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
