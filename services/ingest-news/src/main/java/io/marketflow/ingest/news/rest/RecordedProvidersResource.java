package io.marketflow.ingest.news.rest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Serves the RECORDED responses under {@code src/main/resources/recorded/} in the providers' real shapes, so that the
 * recorded mode runs the same clients and normalizers as live (their base URL points here). Every response carries
 * {@code X-Marketflow-Recorded: true}, and the recorded publishers say "(recorded sample)".
 */
@Path("/recorded")
@Produces(MediaType.APPLICATION_JSON)
public class RecordedProvidersResource {

    /** Header on every recorded response. */
    public static final String RECORDED_HEADER = "X-Marketflow-Recorded";

    /**
     * @param symbol a ticker
     * @return the recorded company news of the ticker, {@code []} for a ticker without a recording
     */
    @GET
    @Path("/finnhub/company-news")
    public Response companyNews(@QueryParam("symbol") String symbol) {
        String name = symbol == null ? "" : symbol.toUpperCase(Locale.ROOT).replaceAll("[^A-Z.]", "");
        return recorded(read("recorded/finnhub/" + name + ".json", "[]"));
    }

    /**
     * @param q the search, e.g. {@code "Apple"}
     * @param page from 1
     * @return the recorded search of the query's first word, an empty result when none is recorded; page 2 and
     *         beyond answer {@code maximumResultsReached} as the free plan does
     */
    @GET
    @Path("/newsapi/v2/everything")
    public Response everything(@QueryParam("q") String q, @QueryParam("page") int page) {
        if (page > 1) {
            return Response.status(426).header(RECORDED_HEADER, "true")
                    .entity(read("recorded/newsapi/error_maximumResultsReached.json", "{}")).build();
        }
        String word = q == null ? "" : q.replace("\"", "").trim().split("\\s+")[0].toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
        return recorded(read("recorded/newsapi/" + word + ".json", "{\"status\":\"ok\",\"totalResults\":0,\"articles\":[]}"));
    }

    private static Response recorded(String body) {
        return Response.ok(body).header(RECORDED_HEADER, "true").build();
    }

    private static String read(String resource, String otherwise) {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
            return in == null ? otherwise : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
