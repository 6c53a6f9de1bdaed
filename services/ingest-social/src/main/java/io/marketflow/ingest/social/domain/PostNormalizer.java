package io.marketflow.ingest.social.domain;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.marketflow.contract.ContractRecord;
import io.marketflow.contract.SocialPost;
import io.marketflow.sentiment.SentimentScorer;

/**
 * Turns Bluesky postViews and X tweets into {@link SocialPost}s scored by the sentiment scorer, or rejects them with a
 * reason: not an object, a missing id/cid or uri, missing text, a missing or malformed creation time.
 */
public final class PostNormalizer {

    /** Platform name of Bluesky posts. */
    public static final String BLUESKY = "bluesky";
    /** Platform name of X posts. */
    public static final String X = "x";

    private final SentimentScorer scorer;

    /** @param scorer scores the post's text */
    public PostNormalizer(SentimentScorer scorer) {
        this.scorer = scorer;
    }

    /**
     * @param post one element of {@code searchPosts}' {@code posts}
     * @param keyword the keyword whose search found it
     * @return the post (id = cid) or the rejection
     */
    public Normalized bluesky(JsonNode post, Keyword keyword) {
        return bluesky(post, keyword, CompanyMentions.NONE);
    }

    /**
     * @param post one element of {@code searchPosts}' {@code posts}
     * @param keyword the keyword whose search found it
     * @param mentions for a general keyword, the company the text names gives the ticker
     * @return the post (id = cid) or the rejection
     */
    public Normalized bluesky(JsonNode post, Keyword keyword, CompanyMentions mentions) {
        String raw = post.toString();
        if (!post.isObject()) {
            return Normalized.rejected("not an object", raw);
        }
        String cid = text(post, "cid");
        if (cid.isBlank()) {
            return Normalized.rejected("missing cid", raw);
        }
        String uri = text(post, "uri");
        if (uri.isBlank()) {
            return Normalized.rejected("missing uri", raw);
        }
        JsonNode record = post.path("record");
        String body = text(record, "text");
        if (body.isBlank()) {
            return Normalized.rejected("missing record.text", raw);
        }
        Instant created = instant(text(record, "createdAt"));
        if (created == null) {
            return Normalized.rejected("missing or malformed record.createdAt", raw);
        }
        JsonNode langs = record.path("langs");
        String lang = langs.isArray() && !langs.isEmpty() ? langs.get(0).asText(null) : null;
        return Normalized.ok(new SocialPost(ContractRecord.CURRENT_SCHEMA_VERSION, cid, BLUESKY, text(post.path("author"), "handle"), body,
                created, keyword.text(), lang, count(post, "likeCount"), count(post, "repostCount"), ticker(keyword, body, mentions),
                scorer.score(body), scorer.id()), uri, raw);
    }

    /**
     * @param tweet one element of the recent search's {@code data}
     * @param usernames author id → username from {@code includes.users}
     * @param keyword the keyword whose search found it
     * @return the post (id = tweet id) or the rejection
     */
    public Normalized x(JsonNode tweet, Map<String, String> usernames, Keyword keyword) {
        return x(tweet, usernames, keyword, CompanyMentions.NONE);
    }

    /**
     * @param tweet one element of the recent search's {@code data}
     * @param usernames author id → username from {@code includes.users}
     * @param keyword the keyword whose search found it
     * @param mentions for a general keyword, the company the text names gives the ticker
     * @return the post (id = tweet id) or the rejection
     */
    public Normalized x(JsonNode tweet, Map<String, String> usernames, Keyword keyword, CompanyMentions mentions) {
        String raw = tweet.toString();
        if (!tweet.isObject()) {
            return Normalized.rejected("not an object", raw);
        }
        String id = text(tweet, "id");
        if (id.isBlank()) {
            return Normalized.rejected("missing id", raw);
        }
        String body = text(tweet, "text");
        if (body.isBlank()) {
            return Normalized.rejected("missing text", raw);
        }
        Instant created = instant(text(tweet, "created_at"));
        if (created == null) {
            return Normalized.rejected("missing or malformed created_at", raw);
        }
        String authorId = text(tweet, "author_id");
        String author = usernames.getOrDefault(authorId, authorId);
        JsonNode metrics = tweet.path("public_metrics");
        return Normalized.ok(new SocialPost(ContractRecord.CURRENT_SCHEMA_VERSION, id, X, author, body, created, keyword.text(),
                tweet.hasNonNull("lang") ? tweet.get("lang").asText() : null, count(metrics, "like_count"), count(metrics, "retweet_count"),
                ticker(keyword, body, mentions), scorer.score(body), scorer.id()), "https://x.com/i/status/" + id, raw);
    }

    /** A company keyword's ticker; for a general keyword the company the text names, null (general) when none. */
    private static String ticker(Keyword keyword, String body, CompanyMentions mentions) {
        return keyword.general() ? mentions.ticker(body) : keyword.ticker();
    }

    private static Instant instant(String value) {
        if (value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            try {
                // Bluesky records are written by clients: some send an offset instead of Z.
                return OffsetDateTime.parse(value).toInstant();
            } catch (DateTimeParseException again) {
                return null;
            }
        }
    }

    private static Long count(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.canConvertToLong() ? v.asLong() : null;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v == null || v.isNull() ? "" : v.asText("");
    }
}
