package io.marketflow.provider;

import java.io.IOException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The {@link ProviderCalls.BodyReader} of providers that answer JSON: an empty or non-JSON 2xx body is retried. */
public final class JsonBodies {

    /** Reads a body as a JSON tree; "" and an HTML error page are unreadable, so {@link ProviderCalls} retries them. */
    public static final ProviderCalls.BodyReader<JsonNode> TREE = JsonBodies::tree;

    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonBodies() {
    }

    private static JsonNode tree(String body) throws IOException {
        JsonNode json = JSON.readTree(body);
        // Jackson reads "" as a missing node rather than failing: a 200 without a body is a failed answer all the same.
        if (json == null || json.isMissingNode()) {
            throw new IOException("empty body");
        }
        return json;
    }
}
