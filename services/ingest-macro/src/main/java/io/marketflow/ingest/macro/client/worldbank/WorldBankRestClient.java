package io.marketflow.ingest.macro.client.worldbank;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * World Bank Indicators API v2 ({@code /v2/country/{c}/indicator/{id}}); read as text because its answer is a
 * two-element array of different types, or an error array.
 */
@RegisterRestClient(configKey = "worldbank")
@Path("/v2/country/{country}/indicator/{indicator}")
public interface WorldBankRestClient {

    /**
     * @param country ISO2 code
     * @param indicator indicator code
     * @param format always {@code json}
     * @param date year range {@code 2020:2025}
     * @param perPage page size
     * @param page page, from 1
     * @return the JSON answer
     */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    String indicator(@PathParam("country") String country, @PathParam("indicator") String indicator, @QueryParam("format") String format,
            @QueryParam("date") String date, @QueryParam("per_page") int perPage, @QueryParam("page") int page);
}
