package io.marketflow.ingest.macro.client.fred;

import java.net.URI;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.marketflow.provider.ProviderCalls;
import io.marketflow.provider.ProviderException;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;

/**
 * FRED observations with paging ({@code limit}/{@code offset} until {@code count} is reached) through the provider's
 * rate limiter and retries; the same code serves live FRED and the service's own recordings (only the base URL differs).
 */
public final class FredClient {

    /** {@code realtime_end} that asks for vintages up to now (FRED's "no end"). */
    static final String OPEN_END = "9999-12-31";

    private final FredRestClient rest;
    private final String apiKey;
    private final ProviderCalls calls;
    private final ObjectMapper json;
    private final int pageLimit;

    /**
     * @param baseUrl FRED's host, or this service's {@code /recorded/fred}
     * @param apiKey the key ({@code recorded} in recorded mode)
     * @param calls the shared limiter and retries
     * @param json the mapper
     * @param pageLimit rows per page
     */
    public FredClient(URI baseUrl, String apiKey, ProviderCalls calls, ObjectMapper json, int pageLimit) {
        this.rest = QuarkusRestClientBuilder.newBuilder().baseUri(baseUrl).build(FredRestClient.class);
        this.apiKey = apiKey;
        this.calls = calls;
        this.json = json;
        this.pageLimit = pageLimit;
    }

    /**
     * Reads every page of a query, handing each page's {@code observations} array to {@code page} before the next
     * request, so a failure mid-way leaves what was handed over already processed.
     *
     * @param seriesId series
     * @param observationStart first observation date
     * @param realtimeStart first vintage day, or null for today's values only
     * @param page receives each page's observations
     * @throws ProviderException on an error body or when retries ran out
     */
    public void observations(String seriesId, LocalDate observationStart, LocalDate realtimeStart, Consumer<JsonNode> page) {
        int offset = 0;
        while (true) {
            int at = offset;
            String body = calls.call("observations " + seriesId + " offset " + at, () -> rest.observations(seriesId, apiKey, "json",
                    observationStart.toString(), realtimeStart == null ? null : realtimeStart.toString(), realtimeStart == null ? null : OPEN_END,
                    "asc", pageLimit, at));
            JsonNode root = parse(seriesId, body);
            JsonNode rows = root.path("observations");
            page.accept(rows);
            int count = root.path("count").asInt(0);
            offset += rows.size();
            if (rows.isEmpty() || offset >= count) {
                return;
            }
        }
    }

    /**
     * The newest observations first, one page: the poll's start (the original producer's {@code sort_order=desc}).
     *
     * @param seriesId series
     * @param realtimeStart first vintage day
     * @param limit rows
     * @return the rows, newest date first
     */
    public JsonNode latest(String seriesId, LocalDate realtimeStart, int limit) {
        String body = calls.call("latest " + seriesId, () -> rest.observations(seriesId, apiKey, "json", null, realtimeStart.toString(), OPEN_END,
                "desc", limit, 0));
        return parse(seriesId, body).path("observations");
    }

    private JsonNode parse(String seriesId, String body) {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JsonProcessingException e) {
            throw new ProviderException("fred " + seriesId + ": answer is not JSON: " + e.getOriginalMessage(), 200);
        }
        if (root.has("error_code") || root.has("error_message")) {
            throw new ProviderException("fred " + seriesId + ": " + root.path("error_code").asText() + " " + root.path("error_message").asText(),
                    root.path("error_code").asInt(200));
        }
        if (!root.path("observations").isArray()) {
            throw new ProviderException("fred " + seriesId + ": answer has no observations array", 200);
        }
        return root;
    }

    /** @return rows of every page, for tests */
    List<JsonNode> all(String seriesId, LocalDate observationStart, LocalDate realtimeStart) {
        List<JsonNode> rows = new ArrayList<>();
        observations(seriesId, observationStart, realtimeStart, page -> page.forEach(rows::add));
        return rows;
    }
}
