package io.marketflow.ingest.macro.rest;

import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Serves the shipped recordings ({@code src/main/resources/recorded/}) in the providers' own shapes and with their
 * query semantics (FRED: observation_start, sort_order, limit, offset; World Bank: pages), so that recorded mode runs
 * the real HTTP clients and normalizers. Every answer carries {@code X-Marketflow-Recorded: true}.
 */
@Path("/recorded")
public class RecordedResource {

    /** Header on every recorded answer. */
    public static final String RECORDED_HEADER = "X-Marketflow-Recorded";

    private final ObjectMapper json;

    public RecordedResource(ObjectMapper json) {
        this.json = json;
    }

    /**
     * @param seriesId series
     * @param observationStart first date, optional
     * @param sortOrder asc or desc
     * @param limit page size
     * @param offset rows to skip
     * @return the recorded FRED answer, or FRED's error body for an unknown series
     * @throws IOException when a recording cannot be read
     */
    @GET
    @Path("/fred/fred/series/observations")
    @Produces(MediaType.APPLICATION_JSON)
    public Response fred(@QueryParam("series_id") String seriesId, @QueryParam("observation_start") String observationStart,
            @QueryParam("sort_order") @DefaultValue("asc") String sortOrder, @QueryParam("limit") @DefaultValue("100000") int limit,
            @QueryParam("offset") @DefaultValue("0") int offset) throws IOException {
        JsonNode recording = seriesId != null && seriesId.matches("[A-Za-z0-9]+") ? read("recorded/fred/" + seriesId + ".json") : null;
        if (recording == null) {
            return answer(Response.status(400), json.createObjectNode().put("error_code", 400).put("error_message", "Bad Request.  The series does not exist."));
        }
        List<JsonNode> rows = new ArrayList<>();
        LocalDate from = observationStart == null ? LocalDate.MIN : LocalDate.parse(observationStart);
        recording.path("observations").forEach(row -> {
            if (!LocalDate.parse(row.path("date").asText()).isBefore(from)) {
                rows.add(row);
            }
        });
        Comparator<JsonNode> byDate = Comparator.comparing(row -> row.path("date").asText());
        rows.sort("desc".equals(sortOrder) ? byDate.reversed() : byDate);
        ObjectNode page = ((ObjectNode) recording).deepCopy();
        ArrayNode observations = page.putArray("observations");
        rows.stream().skip(offset).limit(limit).forEach(observations::add);
        page.put("count", rows.size()).put("offset", offset).put("limit", limit).put("sort_order", sortOrder);
        return answer(Response.ok(), page);
    }

    /**
     * @param country ISO2 code (the recordings are for one country)
     * @param indicator indicator code
     * @return the recorded World Bank answer (one page), or its error array for an unknown indicator
     * @throws IOException when a recording cannot be read
     */
    @GET
    @Path("/worldbank/v2/country/{country}/indicator/{indicator}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response worldBank(@PathParam("country") String country, @PathParam("indicator") String indicator) throws IOException {
        JsonNode recording = indicator.matches("[A-Z0-9.]+") ? read("recorded/worldbank/" + indicator + ".json") : null;
        if (recording == null) {
            ArrayNode error = json.createArrayNode();
            error.addObject().putArray("message").addObject().put("id", "120").put("key", "Invalid value")
                    .put("value", "The provided parameter value is not valid");
            return answer(Response.ok(), error);
        }
        return answer(Response.ok(), recording);
    }

    private Response answer(Response.ResponseBuilder builder, JsonNode body) {
        return builder.entity(body.toString()).type(MediaType.APPLICATION_JSON).header(RECORDED_HEADER, "true").build();
    }

    private JsonNode read(String resource) throws IOException {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
            return in == null ? null : json.readTree(in);
        }
    }
}
