package io.marketflow.query.rest;

import java.util.ArrayList;
import java.util.HashMap;
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
import io.marketflow.query.domain.InvalidRequestException;
import io.marketflow.query.lake.LakeCatalog;
import io.marketflow.query.lake.LakeColumn;
import io.marketflow.query.lake.LakeDataset;
import io.marketflow.query.lake.PartitionFilter;
import io.marketflow.query.repository.LakeQuery;
import io.marketflow.query.repository.LakeQuery.Condition;

/** News articles (finnhub, newsapi) and social posts (bluesky, x_posts) by ticker or keyword, range and sentiment. */
@Path("/api")
@Tag(name = "news", description = "News and social posts with their sentiment")
@APIResponse(responseCode = "400", description = "A parameter is missing, malformed or out of bounds (JSON message)")
@APIResponse(responseCode = "401", description = "marketflow.query.api-token is set and the bearer token is missing or wrong")
public class NewsResource {

    private final ApiParams params;
    private final LakeCatalog catalog;
    private final QueryResponses responses;

    /**
     * @param params validation
     * @param catalog the datasets
     * @param responses the lake's responses
     */
    public NewsResource(ApiParams params, LakeCatalog catalog, QueryResponses responses) {
        this.params = params;
        this.catalog = catalog;
        this.responses = responses;
    }

    /**
     * @return the ticker's articles of both news datasets in the range, ordered by publication time
     */
    @GET
    @Path("/news/{ticker}")
    @Produces({"application/json", "text/csv", "application/x-ndjson", "application/vnd.apache.parquet"})
    @Operation(summary = "News articles of a ticker (lake datasets finnhub and newsapi)",
            description = "Both datasets together, kafka_topic telling them apart, ordered by published_at; sentiment bounds are inclusive.")
    public Response news(@Parameter(description = "Ticker, ^[A-Z][A-Z0-9.-]{0,9}$") @PathParam("ticker") String ticker,
                         @Parameter(description = MarketResource.FROM_DOC) @QueryParam("from") String from,
                         @Parameter(description = MarketResource.TO_DOC) @QueryParam("to") String to,
                         @Parameter(description = "Lowest sentiment, inclusive") @QueryParam("minSentiment") String minSentiment,
                         @Parameter(description = "Highest sentiment, inclusive") @QueryParam("maxSentiment") String maxSentiment,
                         @Parameter(description = MarketResource.LIMIT_DOC) @QueryParam("limit") String limit,
                         @Parameter(description = MarketResource.CURSOR_DOC) @QueryParam("cursor") String cursor,
                         @Parameter(description = MarketResource.FORMAT_DOC) @QueryParam("format") String format) {
        String t = params.ticker(ticker);
        ApiParams.Range range = params.range(from, to);
        List<Condition> conditions = new ArrayList<>(MarketResource.timeRange("published_at", range));
        conditions.addAll(sentiment(minSentiment, maxSentiment));
        ExportFormat f = ExportFormat.parse(format);
        int rows = params.limit(limit);
        List<LakeDataset> datasets = List.of(catalog.get(Topics.FINNHUB), catalog.get(Topics.NEWSAPI));
        return responses.lake(datasets, PartitionFilter.of(Map.of("ticker", t), range.firstDate(), range.lastDate()), conditions,
                Optional.empty(), keys(datasets.get(0), "published_at"), f, rows, cursor, "news-" + t);
    }

    /**
     * @return posts of both social datasets with the ticker or keyword in the range, ordered by creation time
     */
    @GET
    @Path("/posts")
    @Produces({"application/json", "text/csv", "application/x-ndjson", "application/vnd.apache.parquet"})
    @Operation(summary = "Social posts by ticker or keyword (lake datasets bluesky and x_posts)",
            description = "At least one of ticker (the post's ticker column) and keyword (the search keyword, a Hive level) is required.")
    public Response posts(@Parameter(description = "Ticker, ^[A-Z][A-Z0-9.-]{0,9}$") @QueryParam("ticker") String ticker,
                          @Parameter(description = "Search keyword the post was found with") @QueryParam("keyword") String keyword,
                          @Parameter(description = MarketResource.FROM_DOC) @QueryParam("from") String from,
                          @Parameter(description = MarketResource.TO_DOC) @QueryParam("to") String to,
                          @Parameter(description = "Lowest sentiment, inclusive") @QueryParam("minSentiment") String minSentiment,
                          @Parameter(description = "Highest sentiment, inclusive") @QueryParam("maxSentiment") String maxSentiment,
                          @Parameter(description = MarketResource.LIMIT_DOC) @QueryParam("limit") String limit,
                          @Parameter(description = MarketResource.CURSOR_DOC) @QueryParam("cursor") String cursor,
                          @Parameter(description = MarketResource.FORMAT_DOC) @QueryParam("format") String format) {
        boolean byTicker = ticker != null && !ticker.isEmpty();
        boolean byKeyword = keyword != null && !keyword.isEmpty();
        if (!byTicker && !byKeyword) {
            throw new InvalidRequestException("ticker or keyword is required");
        }
        Map<String, String> equal = new HashMap<>();
        List<Condition> conditions = new ArrayList<>();
        if (byTicker) {
            conditions.add(Condition.of("\"ticker\" = ?", params.ticker(ticker)));
        }
        if (byKeyword) {
            equal.put("keyword", params.keyword(keyword));
        }
        ApiParams.Range range = params.range(from, to);
        conditions.addAll(MarketResource.timeRange("created_at", range));
        conditions.addAll(sentiment(minSentiment, maxSentiment));
        ExportFormat f = ExportFormat.parse(format);
        int rows = params.limit(limit);
        List<LakeDataset> datasets = List.of(catalog.get(Topics.BLUESKY), catalog.get(Topics.X_POSTS));
        return responses.lake(datasets, PartitionFilter.of(equal, range.firstDate(), range.lastDate()), conditions,
                Optional.empty(), keys(datasets.get(0), "created_at"), f, rows, cursor, "posts");
    }

    private List<Condition> sentiment(String min, String max) {
        Double low = params.sentiment("minSentiment", min);
        Double high = params.sentiment("maxSentiment", max);
        if (low != null && high != null && low > high) {
            throw new InvalidRequestException("minSentiment must not be above maxSentiment");
        }
        List<Condition> conditions = new ArrayList<>();
        if (low != null) {
            conditions.add(Condition.of("\"sentiment\" >= ?", low));
        }
        if (high != null) {
            conditions.add(Condition.of("\"sentiment\" <= ?", high));
        }
        return conditions;
    }

    /** @return (time, kafka_topic, kafka_partition, kafka_offset): unique across the datasets read together */
    static List<LakeColumn> keys(LakeDataset dataset, String time) {
        return List.of(dataset.column(time).orElseThrow(), LakeQuery.KAFKA_TOPIC, dataset.column("kafka_partition").orElseThrow(),
                dataset.column("kafka_offset").orElseThrow());
    }
}
