package io.marketflow.ingest.fundamentals.client;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * FMP's stable statement endpoints over HTTP ({@code /stable/income-statement?symbol=AAPL&period=annual&limit=5}).
 * Built by {@link FmpClient} with the base URL of the mode (FMP, or this service's own recorded replay), and with the
 * default exception mapper off, so every status arrives as a {@link Response} and error bodies can be read.
 */
@Produces(MediaType.APPLICATION_JSON)
interface FmpRestClient {

    @GET
    @Path("/stable/{statement}")
    Response statement(@PathParam("statement") String statement, @QueryParam("symbol") String symbol, @QueryParam("period") String period,
            @QueryParam("limit") int limit, @QueryParam("apikey") String apiKey);
}
