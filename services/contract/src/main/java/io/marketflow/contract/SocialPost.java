package io.marketflow.contract;

import java.time.Instant;
import java.util.Objects;

/**
 * One social media post matching a keyword; topic {@link Topics#BLUESKY}, key = keyword
 * (and the matched ticker, when a company keyword matched: see {@link #ticker}).
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
 * @param ticker the ticker whose company keyword matched; null for a general (market-wide) keyword, whose posts feed
 *        the {@code sentiment_general_*} features
 * @param sentiment the post's sentiment score in [-1, 1], null when not scored
 * @param scorer the scorer's name and version; null when not scored
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
        Long repostCount,
        String ticker,
        Double sentiment,
        String scorer) implements ContractRecord {

    public SocialPost {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
