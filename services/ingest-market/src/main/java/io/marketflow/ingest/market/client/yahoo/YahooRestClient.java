package io.marketflow.ingest.market.client.yahoo;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Yahoo Finance's (unofficial) chart API over HTTP; base URL {@code quarkus.rest-client.yahoo.url}.
 */
@RegisterRestClient(configKey = "yahoo")
@Produces(MediaType.APPLICATION_JSON)
interface YahooRestClient {

    @GET
    @Path("/v8/finance/chart/{symbol}")
    JsonNode chart(@HeaderParam("User-Agent") String userAgent, @PathParam("symbol") String symbol,
            @QueryParam("interval") String interval, @QueryParam("period1") long period1, @QueryParam("period2") long period2);
}
