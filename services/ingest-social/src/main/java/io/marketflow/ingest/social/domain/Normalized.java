package io.marketflow.ingest.social.domain;

import io.marketflow.contract.SocialPost;

/**
 * One search hit after normalization: a post, or the reason it was rejected together with its raw JSON (what goes to
 * the dead-letter topic).
 *
 * @param post the post, null when rejected
 * @param uri the post's address (Bluesky {@code at://} uri, X status URL), null when unknown
 * @param reason why the item was rejected, null when accepted
 * @param raw the item's JSON as received
 */
public record Normalized(SocialPost post, String uri, String reason, String raw) {

    static Normalized ok(SocialPost post, String uri, String raw) {
        return new Normalized(post, uri, null, raw);
    }

    static Normalized rejected(String reason, String raw) {
        return new Normalized(null, null, reason, raw);
    }

    /** @return true when the item became a post */
    public boolean accepted() {
        return post != null;
    }
}
