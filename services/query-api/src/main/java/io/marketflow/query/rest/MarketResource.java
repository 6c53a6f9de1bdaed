package io.marketflow.query.rest;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.marketflow.contract.Topics;
import io.marketflow.query.domain.Cursor;
import io.marketflow.query.domain.ExportFormat;
import io.marketflow.query.domain.InvalidRequestException;
import io.marketflow.query.lake.LakeCatalog;
import io.marketflow.query.lake.LakeColumn;
import io.marketflow.query.lake.LakeDataset;
import io.marketflow.query.lake.PartitionFilter;
import io.marketflow.query.repository.FeatureRepository;
import io.marketflow.query.repository.LakeQuery.Condition;

/** Bars and trades from the lake, features from aggregated_data: by ticker and time range, paged or exported. */
@Path("/api")
@Tag(name = "market", description = "Bars, trades and features by ticker and time range")
@APIResponse(responseCode = "400", description = "A parameter is missing, malformed or out of bounds (JSON message)")
@APIResponse(responseCode = "401", description = "marketflow.query.api-token is set and the bearer token is missing or wrong")
public class MarketResource {

    static final String FORMAT_DOC = "json (a page, default), csv, jsonl or parquet (a streamed export of the whole range)";
    static final String FROM_DOC = "Start, inclusive: ISO instant (2026-11-20T14:30:00Z) or date (2026-11-20 = its UTC midnight)";
    static final String TO_DOC = "End, exclusive: ISO instant or date";
    static final String LIMIT_DOC = "Rows of a JSON page, 1 to marketflow.query.limits.max-page-rows (default 1000)";
    static final String CURSOR_DOC = "The previous page's next value";
    private static final LakeColumn FEATURE_TIME = new LakeColumn("timestamp", "TIMESTAMPTZ");

    private final ApiParams params;
    private final LakeCatalog catalog;
    private final QueryResponses responses;
    private final FeatureRepository features;
    private final ObjectMapper mapper;

    /**
     * @param params validation
     * @param catalog the datasets
     * @param responses the lake's responses
     * @param features aggregated_data
     * @param mapper Jackson
     */
    public MarketResource(ApiParams params, LakeCatalog catalog, QueryResponses responses, FeatureRepository features, ObjectMapper mapper) {
        this.params = params;
        this.catalog = catalog;
        this.responses = responses;
        this.features = features;
        this.mapper = mapper;
    }

    /**
     * @return the ticker's one-minute bars (h_alpaca) in the range, ordered by time
     */
    @GET
    @Path("/bars/{ticker}")
    @Produces({"application/json", "text/csv", "application/x-ndjson", "application/vnd.apache.parquet"})
    @Operation(summary = "One-minute bars of a ticker (lake dataset h_alpaca)",
            description = "Rows ordered by timestamp, with every column the lake stores plus ticker and year from the Hive path.")
    public Response bars(@Parameter(description = "Ticker, ^[A-Z][A-Z0-9.-]{0,9}$") @PathParam("ticker") String ticker,
                         @Parameter(description = FROM_DOC) @QueryParam("from") String from,
                         @Parameter(description = TO_DOC) @QueryParam("to") String to,
                         @Parameter(description = LIMIT_DOC) @QueryParam("limit") String limit,
                         @Parameter(description = CURSOR_DOC) @QueryParam("cursor") String cursor,
                         @Parameter(description = FORMAT_DOC) @QueryParam("format") String format) {
        String t = params.ticker(ticker);
        ApiParams.Range range = params.range(from, to);
        ExportFormat f = ExportFormat.parse(format);
        int rows = params.limit(limit);
        LakeDataset bars = catalog.get(Topics.H_ALPACA);
        return responses.lake(List.of(bars), PartitionFilter.of(Map.of("ticker", t), range.firstDate(), range.lastDate()),
                timeRange("timestamp", range), Optional.empty(), keys(bars, "timestamp"), f, rows, cursor, "bars-" + t);
    }

    /**
     * @return the ticker's trades (stock_trades) in the range, ordered by time
     */
    @GET
    @Path("/trades/{ticker}")
    @Produces({"application/json", "text/csv", "application/x-ndjson", "application/vnd.apache.parquet"})
    @Operation(summary = "Trades of a ticker (lake dataset stock_trades)",
            description = "Real and synthetic trades stay apart by the source partition and the synthetic column; source narrows to one.")
    public Response trades(@Parameter(description = "Ticker, ^[A-Z][A-Z0-9.-]{0,9}$") @PathParam("ticker") String ticker,
                           @Parameter(description = FROM_DOC) @QueryParam("from") String from,
                           @Parameter(description = TO_DOC) @QueryParam("to") String to,
                           @Parameter(description = "Only this source, e.g. alpaca or synthetic; all when absent") @QueryParam("source") String source,
                           @Parameter(description = LIMIT_DOC) @QueryParam("limit") String limit,
                           @Parameter(description = CURSOR_DOC) @QueryParam("cursor") String cursor,
                           @Parameter(description = FORMAT_DOC) @QueryParam("format") String format) {
        String t = params.ticker(ticker);
        ApiParams.Range range = params.range(from, to);
        ExportFormat f = ExportFormat.parse(format);
        int rows = params.limit(limit);
        Map<String, String> equal = new HashMap<>();
        equal.put("ticker", t);
        if (source != null && !source.isEmpty()) {
            equal.put("source", params.source(source));
        }
        LakeDataset trades = catalog.get(Topics.STOCK_TRADES);
        return responses.lake(List.of(trades), PartitionFilter.of(equal, range.firstDate(), range.lastDate()),
                timeRange("timestamp", range), Optional.empty(), keys(trades, "timestamp"), f, rows, cursor, "trades-" + t);
    }

    /**
     * @return the ticker's feature rows (aggregated_data) in the range, ordered by time
     */
    @GET
    @Path("/features/{ticker}")
    @Produces({"application/json", "text/csv", "application/x-ndjson", "application/vnd.apache.parquet"})
    @Operation(summary = "Feature rows of a ticker (PostgreSQL table aggregated_data)",
            description = "Every column of aggregated_data, one row per regular-session minute; the Parquet export has PostgreSQL's types as Parquet's.")
    public Response features(@Parameter(description = "Ticker, ^[A-Z][A-Z0-9.-]{0,9}$") @PathParam("ticker") String ticker,
                             @Parameter(description = FROM_DOC) @QueryParam("from") String from,
                             @Parameter(description = TO_DOC) @QueryParam("to") String to,
                             @Parameter(description = LIMIT_DOC) @QueryParam("limit") String limit,
                             @Parameter(description = CURSOR_DOC) @QueryParam("cursor") String cursor,
                             @Parameter(description = FORMAT_DOC) @QueryParam("format") String format) {
        String t = params.ticker(ticker);
        ApiParams.Range range = params.range(from, to);
        ExportFormat f = ExportFormat.parse(format);
        int rows = params.limit(limit);
        Optional<java.time.Instant> after = Optional.empty();
        if (cursor != null && !cursor.isBlank()) {
            if (f != ExportFormat.JSON) {
                throw new InvalidRequestException("cursor pages JSON answers; an export always holds the whole range");
            }
            after = Optional.of(((OffsetDateTime) Cursor.decode(cursor, List.of(FEATURE_TIME)).get(0)).toInstant());
        }
        Optional<java.time.Instant> start = after;
        features.requireTable();
        OptionalInt pageRows = f == ExportFormat.JSON ? OptionalInt.of(rows + 1) : OptionalInt.empty();
        StreamingOutput body = switch (f) {
            case JSON -> out -> features.stream(t, range.from(), range.to(), start, pageRows, RowWriters.jsonPage(out, mapper, List.of(FEATURE_TIME), rows));
            case CSV -> out -> features.stream(t, range.from(), range.to(), start, pageRows, RowWriters.csv(out, mapper));
            case JSONL -> out -> features.stream(t, range.from(), range.to(), start, pageRows, RowWriters.jsonLines(out, mapper));
            case PARQUET -> out -> features.exportParquet(t, range.from(), range.to(), out);
        };
        return QueryResponses.respond(f, "features-" + t, body);
    }

    /**
     * @param column the event time column
     * @param range the range
     * @return {@code from <= column < to}
     */
    static List<Condition> timeRange(String column, ApiParams.Range range) {
        String c = new LakeColumn(column, "TIMESTAMPTZ").quoted();
        return List.of(Condition.of(c + " >= ? AND " + c + " < ?",
                OffsetDateTime.ofInstant(range.from(), ZoneOffset.UTC), OffsetDateTime.ofInstant(range.to(), ZoneOffset.UTC)));
    }

    /**
     * @param dataset a dataset
     * @param time its event time column
     * @return the sort key (time, Kafka partition, Kafka offset): unique per row of one topic
     */
    static List<LakeColumn> keys(LakeDataset dataset, String time) {
        return List.of(dataset.column(time).orElseThrow(), dataset.column("kafka_partition").orElseThrow(), dataset.column("kafka_offset").orElseThrow());
    }
}
