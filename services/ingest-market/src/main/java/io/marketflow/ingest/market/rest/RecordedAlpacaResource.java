package io.marketflow.ingest.market.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Serves the RECORDED Alpaca bars under {@code src/main/resources/recorded/alpaca/} as Alpaca's
 * {@code GET /v2/stocks/bars} would ({@link RecordedBars}), so that the recorded mode runs the same REST client and
 * provider code as live (its base URL points here). Every response carries {@code X-Marketflow-Recorded: true}; the
 * bars sent from them carry {@code source=alpaca-recorded} and their Kafka records the header {@code mode=recorded}.
 */
@Path("/recorded/alpaca/v2/stocks")
@Produces(MediaType.APPLICATION_JSON)
public class RecordedAlpacaResource {

    /** Header on every recorded response. */
    public static final String RECORDED_HEADER = "X-Marketflow-Recorded";

    private final ObjectMapper mapper;
    private volatile RecordedBars bars;

    public RecordedAlpacaResource(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * The parameters of Alpaca's multi-symbol bars; {@code adjustment} and {@code feed} are accepted and ignored (the
     * recording is {@code raw}, {@code iex}), and the key headers are not checked (there is nothing secret here).
     *
     * @param symbols comma-separated tickers
     * @param timeframe {@code 1Min}, the only recorded one
     * @param start first bar start, inclusive
     * @param end last bar start, inclusive
     * @param limit bars per page across all symbols
     * @param pageToken the previous page's {@code next_page_token}
     * @param sort {@code asc} or {@code desc}
     * @return a page of the recorded bars
     * @throws JsonProcessingException never for these trees
     */
    @GET
    @Path("/bars")
    public Response bars(@QueryParam("symbols") String symbols, @QueryParam("timeframe") String timeframe,
            @QueryParam("start") String start, @QueryParam("end") String end, @QueryParam("limit") Integer limit, @QueryParam("page_token") String pageToken,
            @QueryParam("sort") String sort) throws JsonProcessingException {
        RecordedBars.Answer answer = recorded().answer(symbols, timeframe, start, end, limit, pageToken, sort);
        return Response.status(answer.status()).header(RECORDED_HEADER, "true").entity(mapper.writeValueAsString(answer.body())).build();
    }

    private RecordedBars recorded() {
        RecordedBars loaded = bars;
        if (loaded == null) {
            // Read on the first request: a live service never pays for it.
            loaded = RecordedBars.load(mapper);
            bars = loaded;
        }
        return loaded;
    }
}
