package io.marketflow.ingest.social.repository;

import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;

import jakarta.inject.Singleton;

import io.marketflow.ingest.social.domain.Normalized;
import io.marketflow.seen.SeenClaims;
import io.marketflow.seen.SeenTable;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * The deduplication state of posts ({@code social_seen}, registry migrations V7 and V9) through the shared
 * {@link SeenClaims}: a post is claimed before it is published and confirmed after Kafka's ack, so instances sharing
 * the database publish each post once; a stale claim's taker writes the keyword and ticker it found the post under.
 */
// Singleton, not ApplicationScoped: a client proxy needs a no-args constructor, which SeenClaims (final fields) has not.
@Singleton
public class SeenPostsRepository extends SeenClaims<Normalized> {

    /** {@code social_seen}: namespace {@code platform}, id {@code post_id}. */
    static final SeenTable<Normalized> SOCIAL_SEEN = new SeenTable<>("social_seen", "platform", "post_id",
            List.of("uri", "keyword", "ticker", "created_at"), List.of("keyword", "ticker"), p -> p.post().id(),
            // Arrays.asList, not List.of: the ticker is null for a general keyword.
            p -> Arrays.asList(p.uri(), p.post().keyword(), p.post().ticker(), p.post().createdAt().atOffset(ZoneOffset.UTC)));

    public SeenPostsRepository(Pool pool) {
        super(pool, SOCIAL_SEEN);
    }
}
