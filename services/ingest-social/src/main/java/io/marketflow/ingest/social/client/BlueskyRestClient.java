package io.marketflow.ingest.social.client;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Bluesky's XRPC methods we call (base {@code https://bsky.social}); built by {@link RestClients} for the mode's base URL. */
@Produces(MediaType.APPLICATION_JSON)
public interface BlueskyRestClient {

    /**
     * @param body {@code {"identifier":…,"password":…}}
     * @return {@code accessJwt, refreshJwt, handle, did, …}
     */
    @POST
    @Path("/xrpc/com.atproto.server.createSession")
    @Consumes(MediaType.APPLICATION_JSON)
    Response createSession(String body);

    /**
     * @param bearer {@code Bearer <refreshJwt>}
     * @return a new token pair
     */
    @POST
    @Path("/xrpc/com.atproto.server.refreshSession")
    Response refreshSession(@HeaderParam("Authorization") String bearer);

    /**
     * @param bearer {@code Bearer <accessJwt>}
     * @param q the search
     * @param sort {@code latest}
     * @param limit 1–100
     * @param cursor the previous page's cursor, null for the first page (then the parameter is not sent)
     * @return {@code {"cursor"?, "hitsTotal"?, "posts":[postView]}}
     */
    @GET
    @Path("/xrpc/app.bsky.feed.searchPosts")
    Response searchPosts(@HeaderParam("Authorization") String bearer, @QueryParam("q") String q, @QueryParam("sort") String sort,
            @QueryParam("limit") int limit, @QueryParam("cursor") String cursor);
}
