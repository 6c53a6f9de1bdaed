package io.marketflow.ingest.social.client;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** X API v2 recent search (base {@code https://api.twitter.com}), app-only bearer token. */
@Produces(MediaType.APPLICATION_JSON)
public interface XRestClient {

    /**
     * @param bearer {@code Bearer <token>}
     * @param query the search query
     * @param maxResults 10–100
     * @param tweetFields {@code created_at,lang,public_metrics,author_id}
     * @param expansions {@code author_id}
     * @param userFields {@code username}
     * @param nextToken the previous page's {@code meta.next_token}, null for the first
     * @return {@code {"data":[…],"includes":{"users":[…]},"meta":{…}}}
     */
    @GET
    @Path("/2/tweets/search/recent")
    Response searchRecent(@HeaderParam("Authorization") String bearer, @QueryParam("query") String query,
            @QueryParam("max_results") int maxResults, @QueryParam("tweet.fields") String tweetFields,
            @QueryParam("expansions") String expansions, @QueryParam("user.fields") String userFields,
            @QueryParam("next_token") String nextToken);
}
