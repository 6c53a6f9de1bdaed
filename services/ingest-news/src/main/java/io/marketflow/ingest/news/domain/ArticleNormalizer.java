package io.marketflow.ingest.news.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.marketflow.contract.ContractRecord;
import io.marketflow.contract.NewsArticle;
import io.marketflow.sentiment.SentimentScorer;

/**
 * Turns Finnhub and NewsAPI items into {@link NewsArticle}s scored by the sentiment scorer (headline and summary
 * together), or rejects them with a reason: a missing id, time or headline, or a time that is not one.
 */
public final class ArticleNormalizer {

    /** Provider name of Finnhub articles. */
    public static final String FINNHUB = "finnhub";
    /** Provider name of NewsAPI articles. */
    public static final String NEWSAPI = "newsapi";

    private final SentimentScorer scorer;

    /** @param scorer scores headline + summary */
    public ArticleNormalizer(SentimentScorer scorer) {
        this.scorer = scorer;
    }

    /**
     * @param item one element of Finnhub's {@code company-news} array
     * @param ticker the ticker it was requested for
     * @return the article or the rejection
     */
    public Normalized finnhub(JsonNode item, String ticker) {
        String raw = item.toString();
        if (!item.isObject()) {
            return Normalized.rejected("not an object", raw);
        }
        JsonNode id = item.get("id");
        if (id == null || !id.canConvertToLong() || id.asLong() <= 0) {
            return Normalized.rejected("missing or non-numeric id", raw);
        }
        JsonNode datetime = item.get("datetime");
        if (datetime == null || !datetime.canConvertToLong() || datetime.asLong() <= 0) {
            return Normalized.rejected("missing or non-numeric datetime", raw);
        }
        String headline = text(item, "headline");
        if (headline.isBlank()) {
            return Normalized.rejected("missing headline", raw);
        }
        String summary = text(item, "summary");
        List<String> related = Arrays.stream(text(item, "related").split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).toList();
        return Normalized.ok(new NewsArticle(ContractRecord.CURRENT_SCHEMA_VERSION, Long.toString(id.asLong()), ticker, related,
                Instant.ofEpochSecond(datetime.asLong()), headline, summary, text(item, "source"), text(item, "url"), FINNHUB,
                scorer.score(headline + ". " + summary), scorer.id()), raw);
    }

    /**
     * @param item one element of NewsAPI's {@code articles}
     * @param ticker the company's ticker whose search found it
     * @return the article or the rejection; the id is a hash of the URL (NewsAPI has no article id)
     */
    public Normalized newsapi(JsonNode item, String ticker) {
        String raw = item.toString();
        if (!item.isObject()) {
            return Normalized.rejected("not an object", raw);
        }
        String url = text(item, "url");
        if (url.isBlank()) {
            return Normalized.rejected("missing url", raw);
        }
        String title = text(item, "title");
        if (title.isBlank() || "[Removed]".equals(title)) {
            return Normalized.rejected("missing or removed title", raw);
        }
        Instant published;
        try {
            published = Instant.parse(text(item, "publishedAt"));
        } catch (DateTimeParseException e) {
            return Normalized.rejected("missing or malformed publishedAt", raw);
        }
        String description = text(item, "description");
        JsonNode source = item.path("source");
        return Normalized.ok(new NewsArticle(ContractRecord.CURRENT_SCHEMA_VERSION, urlId(url), ticker, List.of(ticker), published, title,
                description, source.path("name").asText(""), url, NEWSAPI, scorer.score(title + ". " + description), scorer.id()), raw);
    }

    /** @return the first 24 hex digits of the URL's SHA-256: stable across polls and restarts */
    static String urlId(String url) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(url.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String text(JsonNode item, String field) {
        JsonNode v = item.get(field);
        return v == null || v.isNull() ? "" : v.asText("");
    }
}
