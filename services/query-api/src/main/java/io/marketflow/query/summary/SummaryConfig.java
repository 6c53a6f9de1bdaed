package io.marketflow.query.summary;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Configuration of the data summary and the status page ({@code GET /api/summary}, the sampler behind
 * {@code /api/summary/history}). Its own prefix {@code marketflow.status}, beside the query API's
 * {@code marketflow.query}: the lake locations come from there ({@code marketflow.query.lake.locations}).
 */
@ConfigMapping(prefix = "marketflow.status")
public interface SummaryConfig {

    /** Consumer group of the parquet-sink (its {@code mp.messaging.incoming.raw-topics.group.id}). */
    @WithDefault("parquet-sink")
    @NotBlank
    String sinkGroup();

    /** Consumer group of the aggregator's bar loop ({@code marketflow.aggregator.consumer.group-id}). */
    @WithDefault("aggregator")
    @NotBlank
    String aggregatorGroup();

    /** The topics the aggregator's group consumes, by default name (bars and trades; its context reader has no group). */
    @WithDefault("h_alpaca,stock_trades")
    List<String> aggregatorTopics();

    /**
     * Topic names of deployments that renamed them: default name (the dataset id, e.g. {@code stock_trades}) → topic.
     * The DLQ topic follows as {@code <topic>.dlq}.
     */
    Map<String, String> topics();

    /** How long one computed summary is served before the next request recomputes it (Kafka and PostgreSQL parts). */
    @WithDefault("5s")
    Duration cacheTtl();

    /** How long a listing of the lake's prefixes (and the footers read for it) is reused. */
    @WithDefault("30s")
    Duration lakeTtl();

    /** Most objects listed per dataset per refresh; beyond it the dataset says {@code listingTruncated}. */
    @WithDefault("50000")
    @Min(1)
    int maxObjectsPerDataset();

    /** Most footers read per lake refresh (each a ranged GET); the rest are read by later refreshes. */
    @WithDefault("2000")
    @Min(1)
    int maxFootersPerRefresh();

    /** Bytes of a file's tail fetched at once; a larger footer costs a second ranged GET. */
    @WithDefault("65536")
    @Min(64)
    @Max(16777216)
    int footerReadBytes();

    /** Latest dead-letter reasons shown per DLQ topic. */
    @WithDefault("5")
    @Min(1)
    @Max(100)
    int deadLetterReasons();

    /** How often the sampler reads the topics' end offsets and the sink's lag. */
    @WithDefault("10s")
    Duration sampleInterval();

    /** How much sampled history is kept in memory (the status page's charts). */
    @WithDefault("1h")
    Duration historyWindow();

    /** Timeout of each Kafka admin call and of the PostgreSQL statements. */
    @WithDefault("5s")
    Duration callTimeout();
}
