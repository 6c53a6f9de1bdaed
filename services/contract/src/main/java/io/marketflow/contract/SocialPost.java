package io.marketflow.contract;

import java.time.Instant;
import java.util.Objects;

/**
 * One social media post matching a keyword; topic {@link Topics#BLUESKY}, key = keyword.
 *
 * @param schemaVersion see {@link ContractRecord}
 * @param id the platform's content id (Bluesky cid, X tweet id): the deduplication key
 * @param platform {@code bluesky} or {@code x}
 * @param author the author's handle
 * @param text the post's text
 * @param createdAt when the author posted it, UTC
 * @param keyword the search keyword that found it
 * @param lang language tag, when known
 * @param likeCount likes when fetched, when known
 * @param repostCount reposts when fetched, when known
 */
public record SocialPost(
        int schemaVersion,
        String id,
        String platform,
        String author,
        String text,
        Instant createdAt,
        String keyword,
        String lang,
        Long likeCount,
        Long repostCount) implements ContractRecord {

    public SocialPost {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
