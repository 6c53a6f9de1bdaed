package io.marketflow.ingest.fundamentals.rest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Replays recorded FMP stable responses ({@code src/main/resources/recorded/fmp/<statement>/<SYMBOL>.json}, in FMP's
 * real shapes) on this service's own port, so that the {@code recorded} mode runs the real client code without a key.
 * A symbol without a recording gets {@code []}, as FMP answers for a symbol it does not know. Every answer carries
 * {@code X-Marketflow-Recorded: true}.
 */
@Path("/recorded/fmp/stable")
public class RecordedFmpResource {

    /** Header marking a replayed answer. */
    public static final String RECORDED_HEADER = "X-Marketflow-Recorded";

    private static final Set<String> STATEMENTS = Set.of("income-statement", "balance-sheet-statement", "cash-flow-statement", "key-metrics");
    private static final Pattern SYMBOL = Pattern.compile("[A-Z][A-Z.\\-]{0,9}");

    /**
     * @param statement the endpoint
     * @param symbol the ticker
     * @return the recording, {@code []}, or 404 for an endpoint FMP does not have
     * @throws IOException when a recording cannot be read
     */
    @GET
    @Path("/{statement}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response statement(@PathParam("statement") String statement, @QueryParam("symbol") String symbol) throws IOException {
        if (!STATEMENTS.contains(statement)) {
            return Response.status(404).entity("{\"Error Message\":\"no recorded endpoint " + statement + "\"}").build();
        }
        String body = "[]";
        if (symbol != null && SYMBOL.matcher(symbol).matches()) {
            try (InputStream in = Thread.currentThread().getContextClassLoader()
                    .getResourceAsStream("recorded/fmp/" + statement + "/" + symbol + ".json")) {
                if (in != null) {
                    body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
        }
        return Response.ok(body).header(RECORDED_HEADER, "true").build();
    }
}
