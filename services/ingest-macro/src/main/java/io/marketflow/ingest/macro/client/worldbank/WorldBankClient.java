package io.marketflow.ingest.macro.client.worldbank;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.marketflow.provider.ProviderCalls;
import io.marketflow.provider.ProviderException;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;

/**
 * World Bank indicator rows over every page ({@code page} until {@code pages}); the API's error array
 * ({@code [{"message":[{"id":"120",...}]}]}, e.g. an invalid indicator) becomes a {@link ProviderException}.
 */
public final class WorldBankClient {

    private final WorldBankRestClient rest;
    private final ProviderCalls calls;
    private final ObjectMapper json;
    private final int perPage;

    /**
     * @param baseUrl the API's host, or this service's {@code /recorded/worldbank}
     * @param calls the limiter and retries
     * @param json the mapper
     * @param perPage rows per page
     */
    public WorldBankClient(URI baseUrl, ProviderCalls calls, ObjectMapper json, int perPage) {
        this.rest = QuarkusRestClientBuilder.newBuilder().baseUri(baseUrl).build(WorldBankRestClient.class);
        this.calls = calls;
        this.json = json;
        this.perPage = perPage;
    }

    /**
     * @param country ISO2 code
     * @param indicator indicator code
     * @param firstYear first year
     * @param lastYear last year
     * @return the data rows of every page
     */
    public List<JsonNode> rows(String country, String indicator, int firstYear, int lastYear) {
        List<JsonNode> rows = new ArrayList<>();
        int page = 1;
        int pages;
        do {
            int at = page;
            String body = calls.call("indicator " + indicator + " page " + at,
                    () -> rest.indicator(country, indicator, "json", firstYear + ":" + lastYear, perPage, at));
            JsonNode root = parse(indicator, body);
            pages = root.get(0).path("pages").asInt(1);
            JsonNode data = root.get(1);
            if (data != null && data.isArray()) {
                data.forEach(rows::add);
            }
            page++;
        } while (page <= pages);
        return rows;
    }

    private JsonNode parse(String indicator, String body) {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JsonProcessingException e) {
            throw new ProviderException("worldbank " + indicator + ": answer is not JSON: " + e.getOriginalMessage(), 200);
        }
        if (!root.isArray() || root.isEmpty()) {
            throw new ProviderException("worldbank " + indicator + ": answer is not the two-element array", 200);
        }
        JsonNode message = root.get(0).path("message");
        if (message.isArray() && !message.isEmpty()) {
            JsonNode first = message.get(0);
            throw new ProviderException("worldbank " + indicator + ": " + first.path("id").asText() + " " + first.path("key").asText() + ": "
                    + first.path("value").asText(), 200);
        }
        return root;
    }
}
