package io.marketflow.query.rest;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.marketflow.contract.Topics;
import io.marketflow.query.domain.ExportFormat;
import io.marketflow.query.lake.LakeCatalog;
import io.marketflow.query.lake.LakeDataset;
import io.marketflow.query.lake.PartitionFilter;
import io.marketflow.query.repository.LakeQuery;
import io.marketflow.query.repository.LakeQuery.Condition;

/** Macro series as known on a date (vintages), policy events, and company fundamentals as available on a date. */
@Path("/api")
@Tag(name = "macro", description = "Point-in-time macro series, policy events and fundamentals")
@APIResponse(responseCode = "400", description = "A parameter is missing, malformed or out of bounds (JSON message)")
@APIResponse(responseCode = "401", description = "marketflow.query.api-token is set and the bearer token is missing or wrong")
public class MacroResource {

    private final ApiParams params;
    private final LakeCatalog catalog;
    private final QueryResponses responses;

    /**
     * @param params validation
     * @param catalog the datasets
     * @param responses the lake's responses
     */
    public MacroResource(ApiParams params, LakeCatalog catalog, QueryResponses responses) {
        this.params = params;
        this.catalog = catalog;
        this.responses = responses;
    }

    /**
     * @return per observation date, the value with the latest realtime_start on or before asOf
     */
    @GET
    @Path("/macro/{alias}")
    @Produces({"application/json", "text/csv", "application/x-ndjson", "application/vnd.apache.parquet"})
    @Operation(summary = "A macro series as it was known on a date (lake datasets h_macrodata and macrodata)",
            description = "Vintage-aware: for each observation date the value whose realtime_start is the latest on or before asOf; "
                    + "later revisions are not visible. Ordered by date.")
    public Response macro(@Parameter(description = "Series alias, e.g. GDP or CPI") @PathParam("alias") String alias,
                          @Parameter(description = "ISO date the series is seen from; today (UTC) when absent") @QueryParam("asOf") String asOf,
                          @Parameter(description = MarketResource.LIMIT_DOC) @QueryParam("limit") String limit,
                          @Parameter(description = MarketResource.CURSOR_DOC) @QueryParam("cursor") String cursor,
                          @Parameter(description = MarketResource.FORMAT_DOC) @QueryParam("format") String format) {
        String a = params.alias(alias);
        LocalDate day = params.asOf(asOf);
        ExportFormat f = ExportFormat.parse(format);
        int rows = params.limit(limit);
        List<LakeDataset> datasets = List.of(catalog.get(Topics.H_MACRODATA), catalog.get(Topics.MACRODATA));
        LakeDataset d = datasets.get(0);
        LakeQuery.Latest latest = new LakeQuery.Latest(List.of(d.column("date").orElseThrow()), List.of(d.column("realtime_start").orElseThrow()));
        return responses.lake(datasets, PartitionFilter.of(Map.of("alias", a)), List.of(Condition.of("\"realtime_start\" <= ?", day)),
                Optional.of(latest), List.of(d.column("date").orElseThrow()), f, rows, cursor, "macro-" + a + "-asof-" + day);
    }

    /**
     * @return the policy events effective in the range
     */
    @GET
    @Path("/policy")
    @Produces({"application/json", "text/csv", "application/x-ndjson", "application/vnd.apache.parquet"})
    @Operation(summary = "Policy events (lake dataset policy_events)", description = "Events whose effective_at is in the range, ordered by it.")
    public Response policy(@Parameter(description = MarketResource.FROM_DOC) @QueryParam("from") String from,
                           @Parameter(description = MarketResource.TO_DOC) @QueryParam("to") String to,
                           @Parameter(description = MarketResource.LIMIT_DOC) @QueryParam("limit") String limit,
                           @Parameter(description = MarketResource.CURSOR_DOC) @QueryParam("cursor") String cursor,
                           @Parameter(description = MarketResource.FORMAT_DOC) @QueryParam("format") String format) {
        ApiParams.Range range = params.range(from, to);
        ExportFormat f = ExportFormat.parse(format);
        int rows = params.limit(limit);
        LakeDataset policy = catalog.get(Topics.POLICY_EVENTS);
        return responses.lake(List.of(policy), PartitionFilter.of(Map.of(), range.firstDate(), range.lastDate()),
                MarketResource.timeRange("effective_at", range), Optional.empty(), MarketResource.keys(policy, "effective_at"), f, rows, cursor, "policy");
    }

    /**
     * @return per period and fiscal year, the statement available on asOf (the latest available_from on or before it)
     */
    @GET
    @Path("/fundamentals/{ticker}")
    @Produces({"application/json", "text/csv", "application/x-ndjson", "application/vnd.apache.parquet"})
    @Operation(summary = "Fundamentals of a ticker as available on a date (lake dataset h_company)",
            description = "Point-in-time: only statements whose available_from is on or before asOf; of restatements the latest such one. "
                    + "Ordered by fiscal_year, period.")
    public Response fundamentals(@Parameter(description = "Ticker, ^[A-Z][A-Z0-9.-]{0,9}$") @PathParam("ticker") String ticker,
                                 @Parameter(description = "ISO date; today (UTC) when absent") @QueryParam("asOf") String asOf,
                                 @Parameter(description = MarketResource.LIMIT_DOC) @QueryParam("limit") String limit,
                                 @Parameter(description = MarketResource.CURSOR_DOC) @QueryParam("cursor") String cursor,
                                 @Parameter(description = MarketResource.FORMAT_DOC) @QueryParam("format") String format) {
        String t = params.ticker(ticker);
        LocalDate day = params.asOf(asOf);
        ExportFormat f = ExportFormat.parse(format);
        int rows = params.limit(limit);
        LakeDataset company = catalog.get(Topics.H_COMPANY);
        LakeQuery.Latest latest = new LakeQuery.Latest(
                List.of(company.column("period").orElseThrow(), company.column("fiscal_year").orElseThrow()),
                List.of(company.column("available_from").orElseThrow(), company.column("accepted_at").orElseThrow()));
        return responses.lake(List.of(company), PartitionFilter.of(Map.of("ticker", t)), List.of(Condition.of("\"available_from\" <= ?", day)),
                Optional.of(latest), List.of(company.column("fiscal_year").orElseThrow(), company.column("period").orElseThrow()), f, rows, cursor,
                "fundamentals-" + t + "-asof-" + day);
    }
}
