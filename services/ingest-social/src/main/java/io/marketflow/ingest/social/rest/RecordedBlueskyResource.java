package io.marketflow.ingest.social.rest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Serves the RECORDED Bluesky responses under {@code src/main/resources/recorded/bluesky/} in the real XRPC shapes, so
 * that the recorded mode runs the same client, session handling and normalizer as live (its base URL points here).
 * Every response carries {@code X-Marketflow-Recorded: true}; records sent from them carry the Kafka header
 * {@code mode: recorded}.
 */
@Path("/recorded/bluesky/xrpc")
@Produces(MediaType.APPLICATION_JSON)
public class RecordedBlueskyResource {

    /** Header on every recorded response. */
    public static final String RECORDED_HEADER = "X-Marketflow-Recorded";

    /** @param body ignored: the recorded account accepts any identifier and password @return the recorded session */
    @POST
    @Path("/com.atproto.server.createSession")
    public Response createSession(String body) {
        return recorded(read("recorded/bluesky/session.json", "{}"));
    }

    /** @return the recorded session again (its tokens never expire) */
    @POST
    @Path("/com.atproto.server.refreshSession")
    public Response refreshSession() {
        return recorded(read("recorded/bluesky/session.json", "{}"));
    }

    /**
     * @param q the keyword
     * @param cursor null for the first page, the recorded page's cursor for the next
     * @return the recorded search of the keyword ({@code search/<keyword>.json}, its second page
     *         {@code search/<keyword>.2.json}), no posts for a keyword without a recording
     */
    @GET
    @Path("/app.bsky.feed.searchPosts")
    public Response searchPosts(@QueryParam("q") String q, @QueryParam("cursor") String cursor) {
        String slug = q == null ? "" : q.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
        String page = cursor == null || cursor.isBlank() ? "" : ".2";
        return recorded(read("recorded/bluesky/search/" + slug + page + ".json", "{\"posts\":[]}"));
    }

    private static Response recorded(String body) {
        return Response.ok(body).header(RECORDED_HEADER, "true").build();
    }

    private static String read(String resource, String otherwise) {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
            return in == null ? otherwise : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
