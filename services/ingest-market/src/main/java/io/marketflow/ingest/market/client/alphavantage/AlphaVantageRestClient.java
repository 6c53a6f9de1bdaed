package io.marketflow.ingest.market.client.alphavantage;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Alpha Vantage's query API over HTTP; base URL {@code quarkus.rest-client.alphavantage.url}. Its key can only go in
 * the query string, so request URLs are never logged.
 */
@RegisterRestClient(configKey = "alphavantage")
@Path("/query")
@Produces(MediaType.APPLICATION_JSON)
interface AlphaVantageRestClient {

    @GET
    JsonNode intraday(@QueryParam("function") String function, @QueryParam("symbol") String symbol,
            @QueryParam("interval") String interval, @QueryParam("month") String month, @QueryParam("outputsize") String outputSize,
            @QueryParam("extended_hours") boolean extendedHours, @QueryParam("apikey") String apiKey);

    @GET
    JsonNode daily(@QueryParam("function") String function, @QueryParam("symbol") String symbol,
            @QueryParam("outputsize") String outputSize, @QueryParam("apikey") String apiKey);
}
