package io.marketflow.ingest.news.client;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Finnhub's REST API (base {@code https://finnhub.io/api/v1}); built by {@link RestClients} for the mode's base URL. */
public interface FinnhubRestClient {

    /**
     * @param symbol the ticker
     * @param from first day, {@code YYYY-MM-DD}
     * @param to last day, {@code YYYY-MM-DD}
     * @param token the API key
     * @return a JSON array of articles; no paging
     */
    @GET
    @Path("/company-news")
    @Produces(MediaType.APPLICATION_JSON)
    Response companyNews(@QueryParam("symbol") String symbol, @QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("token") String token);
}
