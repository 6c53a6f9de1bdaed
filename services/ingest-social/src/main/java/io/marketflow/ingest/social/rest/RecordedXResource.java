package io.marketflow.ingest.social.rest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Serves the RECORDED X recent search ({@code src/main/resources/recorded/x/search_recent.json}) in the real API v2
 * shape, so that the recorded mode runs the same client, normalizer and delivery as live (its base URL points here).
 * A query is answered with the recorded tweets whose text holds its keyword as a whole word, in any case; every
 * response carries {@code X-Marketflow-Recorded: true}; records sent from them carry the Kafka header {@code mode: recorded}.
 */
@Path("/recorded/x/2/tweets")
@Produces(MediaType.APPLICATION_JSON)
public class RecordedXResource {

    /** The recorded tweets: one search/recent answer holding every recorded tweet and its author. */
    static final String RECORDED = "recorded/x/search_recent.json";

    // X's answer to a request without a bearer token (the problem shape of twitter_v2_error_429.json).
    private static final String UNAUTHORIZED = "{\"title\":\"Unauthorized\",\"type\":\"about:blank\",\"status\":401,\"detail\":\"Unauthorized\"}";
    // Search operators (-is:retweet, lang:en): the recorded tweets are all English originals, so they filter nothing.
    private static final Pattern OPERATOR = Pattern.compile("(?<!\\S)-?[A-Za-z_]+:\\S+");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JsonNode recorded = load();

    /**
     * @param authorization {@code Bearer <any token>}: required as by X, so the client must send the header it sends live
     * @param query the search, e.g. {@code AAPL -is:retweet lang:en} or {@code "interest rates" -is:retweet lang:en}
     * @param maxResults at most this many tweets, newest first
     * @return the recorded tweets matching the query with their authors and {@code meta}, or
     *         {@code {"meta":{"result_count":0}}} (X's empty answer: no {@code data}, no {@code includes}); 401 without a token
     */
    @GET
    @Path("/search/recent")
    public Response searchRecent(@HeaderParam("Authorization") String authorization, @QueryParam("query") String query,
            @QueryParam("max_results") @DefaultValue("10") int maxResults) {
        if (authorization == null || !authorization.startsWith("Bearer ") || authorization.substring(7).isBlank()) {
            return Response.status(401).type("application/problem+json").entity(UNAUTHORIZED).header(RecordedBlueskyResource.RECORDED_HEADER, "true")
                    .build();
        }
        return Response.ok(answer(recorded, query, maxResults).toString()).header(RecordedBlueskyResource.RECORDED_HEADER, "true").build();
    }

    /**
     * @param recorded the recorded search/recent answer
     * @param query the search; its operators are ignored and the rest (quotes removed) is the keyword or phrase
     * @param maxResults at most this many tweets (the recorded set is small: no keyword has more than 10, so no {@code next_token})
     * @return the answer in X's shape: {@code data} newest first, {@code includes.users} of their authors only, {@code meta}
     */
    static ObjectNode answer(JsonNode recorded, String query, int maxResults) {
        String keyword = query == null ? "" : OPERATOR.matcher(query).replaceAll(" ").replace("\"", "").trim().replaceAll("\\s+", " ");
        List<JsonNode> tweets = new ArrayList<>();
        if (!keyword.isEmpty()) {
            // A whole word, as X matches tokens: "MA" (Mastercard) must not find "market"; "AAPL" finds "$AAPL", "stocks" "#stocks".
            Pattern word = Pattern.compile("(?<![\\p{L}\\p{N}])" + Pattern.quote(keyword) + "(?![\\p{L}\\p{N}])",
                    Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
            recorded.path("data").forEach(t -> {
                if (word.matcher(t.path("text").asText()).find()) {
                    tweets.add(t);
                }
            });
        }
        // X answers newest first; tweet ids are snowflakes that grow with time.
        tweets.sort(Comparator.comparing((JsonNode t) -> new BigInteger(t.path("id").asText())).reversed());
        List<JsonNode> page = tweets.subList(0, Math.min(Math.max(maxResults, 0), tweets.size()));
        ObjectNode body = JSON.createObjectNode();
        if (page.isEmpty()) {
            body.putObject("meta").put("result_count", 0);
            return body;
        }
        body.putArray("data").addAll(page);
        Set<String> authors = new HashSet<>();
        page.forEach(t -> authors.add(t.path("author_id").asText()));
        ArrayNode users = body.putObject("includes").putArray("users");
        recorded.path("includes").path("users").forEach(u -> {
            if (authors.contains(u.path("id").asText())) {
                users.add(u);
            }
        });
        body.putObject("meta").put("newest_id", page.get(0).path("id").asText()).put("oldest_id", page.get(page.size() - 1).path("id").asText())
                .put("result_count", page.size());
        return body;
    }

    /** @return the recorded answer, read once */
    static JsonNode load() {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(RECORDED)) {
            if (in == null) {
                throw new IllegalStateException("no " + RECORDED + " on the classpath");
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
