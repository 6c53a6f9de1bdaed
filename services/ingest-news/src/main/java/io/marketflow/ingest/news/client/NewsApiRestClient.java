package io.marketflow.ingest.news.client;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** NewsAPI (base {@code https://newsapi.org}); built by {@link RestClients} for the mode's base URL. */
public interface NewsApiRestClient {

    /**
     * @param q the query, e.g. {@code "Apple" OR "AAPL"}
     * @param from earliest publication, ISO-8601
     * @param language {@code en}
     * @param sortBy {@code publishedAt}
     * @param pageSize up to 100
     * @param page from 1
     * @param apiKey the API key
     * @return {@code {status, totalResults, articles[]}} or {@code {status:"error", code, message}}
     */
    @GET
    @Path("/v2/everything")
    @Produces(MediaType.APPLICATION_JSON)
    Response everything(@QueryParam("q") String q, @QueryParam("from") String from, @QueryParam("language") String language,
            @QueryParam("sortBy") String sortBy, @QueryParam("pageSize") int pageSize, @QueryParam("page") int page,
            @QueryParam("apiKey") String apiKey);
}
