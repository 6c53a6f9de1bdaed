package io.marketflow.ingest.market.client.alpaca;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * Alpaca Market Data v2 over HTTP; base URL {@code quarkus.rest-client.alpaca-data.url}. Keys go in headers, never in URLs.
 */
@RegisterRestClient(configKey = "alpaca-data")
@Path("/v2/stocks")
@Produces(MediaType.APPLICATION_JSON)
interface AlpacaRestClient {

    @GET
    @Path("/bars")
    AlpacaBarsPage bars(@HeaderParam("APCA-API-KEY-ID") String keyId, @HeaderParam("APCA-API-SECRET-KEY") String secretKey,
            @QueryParam("symbols") String symbols, @QueryParam("timeframe") String timeframe, @QueryParam("start") String start,
            @QueryParam("end") String end, @QueryParam("limit") int limit, @QueryParam("adjustment") String adjustment,
            @QueryParam("feed") String feed, @QueryParam("sort") String sort, @QueryParam("page_token") String pageToken);

    @GET
    @Path("/trades/latest")
    AlpacaLatestTrades latestTrades(@HeaderParam("APCA-API-KEY-ID") String keyId,
            @HeaderParam("APCA-API-SECRET-KEY") String secretKey, @QueryParam("symbols") String symbols,
            @QueryParam("feed") String feed);
}
