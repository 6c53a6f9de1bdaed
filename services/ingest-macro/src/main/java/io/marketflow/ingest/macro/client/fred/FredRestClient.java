package io.marketflow.ingest.macro.client.fred;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * FRED's {@code fred/series/observations}; built per mode by {@link FredClient} (live host or this service's recordings).
 * The answer is read as text so that error bodies and malformed observations reach the normalizer intact.
 */
@RegisterRestClient(configKey = "fred")
@Path("/fred/series/observations")
public interface FredRestClient {

    /**
     * @param seriesId series
     * @param apiKey key
     * @param fileType always {@code json} (FRED's default is XML)
     * @param observationStart first observation date, or null
     * @param realtimeStart first vintage day, or null for today's values only
     * @param realtimeEnd last vintage day, or null
     * @param sortOrder {@code asc} or {@code desc}
     * @param limit page size
     * @param offset rows to skip
     * @return the JSON answer
     */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    String observations(@QueryParam("series_id") String seriesId, @QueryParam("api_key") String apiKey, @QueryParam("file_type") String fileType,
            @QueryParam("observation_start") String observationStart, @QueryParam("realtime_start") String realtimeStart,
            @QueryParam("realtime_end") String realtimeEnd, @QueryParam("sort_order") String sortOrder, @QueryParam("limit") int limit,
            @QueryParam("offset") int offset);
}
