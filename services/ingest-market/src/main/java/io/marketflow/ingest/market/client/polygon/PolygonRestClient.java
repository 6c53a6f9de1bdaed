package io.marketflow.ingest.market.client.polygon;

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
 * Polygon (Massive) aggregates over HTTP; base URL {@code quarkus.rest-client.polygon.url}. The key goes in the
 * {@code Authorization} header, never in URLs.
 */
@RegisterRestClient(configKey = "polygon")
@Produces(MediaType.APPLICATION_JSON)
interface PolygonRestClient {

    @GET
    @Path("/v2/aggs/ticker/{ticker}/range/{multiplier}/{timespan}/{from}/{to}")
    JsonNode aggregates(@HeaderParam("Authorization") String bearer, @PathParam("ticker") String ticker,
            @PathParam("multiplier") int multiplier, @PathParam("timespan") String timespan, @PathParam("from") String from,
            @PathParam("to") String to, @QueryParam("adjusted") boolean adjusted, @QueryParam("sort") String sort,
            @QueryParam("limit") int limit, @QueryParam("cursor") String cursor);
}
