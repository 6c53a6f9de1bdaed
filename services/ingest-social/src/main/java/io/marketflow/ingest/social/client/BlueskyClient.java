package io.marketflow.ingest.social.client;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.marketflow.provider.JsonBodies;
import io.marketflow.provider.ProviderCalls;
import io.marketflow.provider.ProviderException;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;

/**
 * Bluesky search with a session: {@code createSession} on first use, {@code refreshSession} when the access token is
 * due (the earlier of {@code refresh-interval} after it was obtained and {@code refresh-margin} before its JWT
 * {@code exp}), and also when a request is answered {@code ExpiredToken}/{@code InvalidToken} (the request is then
 * sent once more); a new {@code createSession} only when the refresh itself is refused (refresh token expired or
 * revoked), since createSession has a tight per-account rate limit. Tokens and the password are never logged. Not thread-safe: one poller uses it.
 */
public final class BlueskyClient {

    /** Session events; tag {@code event} (created, refreshed, expired, refresh_failed). */
    public static final String SESSIONS = "marketflow.bluesky.sessions";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final BlueskyRestClient rest;
    private final ProviderCalls calls;
    private final String identifier;
    private final String password;
    private final Duration refreshInterval;
    private final Duration refreshMargin;
    private final Clock clock;
    private final MeterRegistry registry;
    private String accessJwt;
    private String refreshJwt;
    private volatile Instant refreshDue;

    /**
     * @param rest the REST client for the mode's base URL
     * @param calls budget and retries
     * @param identifier the handle
     * @param password the app password
     * @param refreshInterval longest life of a session before it is refreshed
     * @param refreshMargin refresh this long before the access token's {@code exp}
     * @param clock the clock
     * @param registry where session counters go
     */
    public BlueskyClient(BlueskyRestClient rest, ProviderCalls calls, String identifier, String password, Duration refreshInterval,
            Duration refreshMargin, Clock clock, MeterRegistry registry) {
        this.rest = rest;
        this.calls = calls;
        this.identifier = identifier;
        this.password = password;
        this.refreshInterval = refreshInterval;
        this.refreshMargin = refreshMargin;
        this.clock = clock;
        this.registry = registry;
    }

    /** One page of a search: the posts as received and the cursor of the next page (null on the last one). */
    public record Page(List<JsonNode> posts, String cursor) {
    }

    /**
     * @param q the keyword
     * @param limit posts per page
     * @param cursor the previous page's cursor, null for the first
     * @return the page
     * @throws ProviderException when Bluesky refused the request, retries ran out, or the body has no {@code posts} array
     */
    public Page search(String q, int limit, String cursor) {
        ensureSession();
        JsonNode body;
        try {
            body = calls.call("searchPosts", () -> rest.searchPosts(bearer(accessJwt), q, "latest", limit, cursor), JsonBodies.TREE, true);
        } catch (ProviderException e) {
            if (!expired(e)) {
                throw e;
            }
            registry.counter(SESSIONS, "event", "expired").increment();
            // The access token expired (or was revoked) before its refresh was due: the refresh token outlives it
            // (about 2 months against 2 hours), so refresh first; refreshSession logs in again when that is refused too.
            Log.infof("[search] - bluesky access token refused (%s): refreshing the session", e.status());
            refreshSession();
            body = calls.call("searchPosts", () -> rest.searchPosts(bearer(accessJwt), q, "latest", limit, cursor), JsonBodies.TREE, true);
        }
        JsonNode posts = body.get("posts");
        if (posts == null || !posts.isArray()) {
            throw new ProviderException("bluesky searchPosts: no posts array in the response", 200, start(body.toString()));
        }
        List<JsonNode> items = new ArrayList<>();
        posts.forEach(items::add);
        JsonNode next = body.get("cursor");
        return new Page(items, next == null || next.isNull() || next.asText().isBlank() ? null : next.asText());
    }

    /** @return when the current session is refreshed next, null before the first one */
    public Instant refreshDue() {
        return refreshDue;
    }

    /** @return true once a session was obtained */
    public boolean hasSession() {
        return accessJwt != null;
    }

    private void ensureSession() {
        if (accessJwt == null) {
            createSession();
        } else if (!Instant.now(clock).isBefore(refreshDue)) {
            refreshSession();
        }
    }

    private void createSession() {
        ObjectNode request = JSON.createObjectNode().put("identifier", identifier).put("password", password);
        JsonNode session = calls.call("createSession", () -> rest.createSession(request.toString()), JsonBodies.TREE, true);
        adopt(session, "createSession");
        registry.counter(SESSIONS, "event", "created").increment();
        Log.infof("[createSession] - bluesky session created for %s, refresh due %s", identifier, refreshDue);
    }

    private void refreshSession() {
        try {
            JsonNode session = calls.call("refreshSession", () -> rest.refreshSession(bearer(refreshJwt)), JsonBodies.TREE, true);
            adopt(session, "refreshSession");
            registry.counter(SESSIONS, "event", "refreshed").increment();
            Log.debugf("[refreshSession] - bluesky session refreshed, next due %s", refreshDue);
        } catch (ProviderException e) {
            if (e.status() < 400 || e.status() >= 500) {
                throw e;
            }
            // The refresh token expired or was revoked: log in again.
            registry.counter(SESSIONS, "event", "refresh_failed").increment();
            Log.infof("[refreshSession] - bluesky refresh refused (HTTP %d): creating a new session", e.status());
            createSession();
        }
    }

    private void adopt(JsonNode session, String operation) {
        String access = session.path("accessJwt").asText("");
        String refresh = session.path("refreshJwt").asText("");
        if (access.isBlank() || refresh.isBlank()) {
            throw new ProviderException("bluesky " + operation + ": no accessJwt/refreshJwt in the response", 200, "");
        }
        accessJwt = access;
        refreshJwt = refresh;
        Instant now = Instant.now(clock);
        Instant due = now.plus(refreshInterval);
        Instant exp = expiry(access);
        if (exp != null && exp.minus(refreshMargin).isBefore(due)) {
            due = exp.minus(refreshMargin);
        }
        refreshDue = due;
    }

    /** @return the JWT's {@code exp} claim, null when the token is not a readable JWT (it is opaque to us by contract) */
    static Instant expiry(String jwt) {
        String[] parts = jwt.split("\\.");
        if (parts.length < 2) {
            return null;
        }
        try {
            JsonNode claims = JSON.readTree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
            JsonNode exp = claims.get("exp");
            return exp != null && exp.canConvertToLong() ? Instant.ofEpochSecond(exp.asLong()) : null;
        } catch (IllegalArgumentException | java.io.IOException e) {
            return null;
        }
    }

    private static boolean expired(ProviderException e) {
        return (e.status() == 400 || e.status() == 401)
                && (e.body().contains("ExpiredToken") || e.body().contains("InvalidToken") || e.status() == 401);
    }

    private static String bearer(String token) {
        return "Bearer " + token;
    }

    private static String start(String body) {
        return body.length() > 200 ? body.substring(0, 200) : body;
    }
}
