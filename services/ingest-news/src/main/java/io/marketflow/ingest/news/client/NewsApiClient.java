package io.marketflow.ingest.news.client;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.marketflow.provider.JsonBodies;
import io.marketflow.provider.ProviderCalls;
import io.marketflow.provider.ProviderException;

/**
 * NewsAPI {@code /v2/everything} through {@link ProviderCalls} (5xx retried, 429 not), reading its error bodies: {@code rateLimited} becomes
 * {@link NewsApiClient.RateLimited} (the budget is spent for hours: no retry), {@code maximumResultsReached} ends
 * paging like an empty page.
 */
public final class NewsApiClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final NewsApiRestClient rest;
    private final ProviderCalls calls;
    private final String apiKey;

    /**
     * @param rest the REST client for the mode's base URL
     * @param calls the provider's budget and retries (429 not retried)
     * @param apiKey the API key ("recorded" in recorded mode)
     */
    public NewsApiClient(NewsApiRestClient rest, ProviderCalls calls, String apiKey) {
        this.rest = rest;
        this.calls = calls;
        this.apiKey = apiKey;
    }

    /**
     * One page of a search.
     *
     * @param articles the page's items, unvalidated
     * @param totalResults what NewsAPI says the search matches
     * @param last true when no further page may be asked for (maximumResultsReached, or fewer items than asked)
     */
    public record Page(List<JsonNode> articles, int totalResults, boolean last) {
    }

    /** NewsAPI said {@code rateLimited}: the daily budget is spent. */
    public static final class RateLimited extends RuntimeException {
        public RateLimited(String message) {
            super(message);
        }
    }

    /**
     * @param q the query
     * @param from earliest publication
     * @param pageSize items per page
     * @param page from 1
     * @return the page
     * @throws RateLimited on a {@code rateLimited} body
     * @throws ProviderException on any other error body or failure
     */
    public Page everything(String q, Instant from, int pageSize, int page) {
        JsonNode body;
        try {
            body = calls.call("everything page " + page, () -> rest.everything(q, from.toString(), "en", "publishedAt", pageSize, page, apiKey),
                    JsonBodies.TREE, false);
        } catch (ProviderException e) {
            String code = code(e.body());
            if ("rateLimited".equals(code) || (e.status() == 429 && code == null)) {
                throw new RateLimited("newsapi: rateLimited (HTTP " + e.status() + ")");
            }
            if ("maximumResultsReached".equals(code)) {
                return new Page(List.of(), 0, true);
            }
            throw new ProviderException(e.getMessage() + (code != null ? " code " + code : ""), e.status(), e.body());
        }
        if (!"ok".equals(body.path("status").asText())) {
            String code = body.path("code").asText("");
            if ("rateLimited".equals(code)) {
                throw new RateLimited("newsapi: rateLimited");
            }
            if ("maximumResultsReached".equals(code)) {
                return new Page(List.of(), 0, true);
            }
            throw new ProviderException("newsapi everything: status " + body.path("status").asText() + " code " + code, 200, "");
        }
        List<JsonNode> items = new ArrayList<>();
        body.path("articles").forEach(items::add);
        int total = body.path("totalResults").asInt(items.size());
        return new Page(items, total, items.size() < pageSize || page * pageSize >= total);
    }

    private static String code(String body) {
        try {
            JsonNode json = JSON.readTree(body);
            return json != null && json.hasNonNull("code") ? json.get("code").asText() : null;
        } catch (Exception e) {
            return null;
        }
    }
}
