package io.marketflow.query.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Configuration of the query API. Every property maps to an environment variable
 * ({@code marketflow.query.lake.cache-max-bytes} ← {@code MARKETFLOW_QUERY_LAKE_CACHE_MAX_BYTES});
 * a malformed value fails startup with a message naming the property.
 */
@ConfigMapping(prefix = "marketflow.query")
public interface QueryConfig {

    /** Where the Parquet lake is read from. */
    Lake lake();

    /** Limits on what one request may ask for. */
    Limits limits();

    /** The data summary ({@code /api/summary}) and the sampler behind its history and the status page. */
    Status status();

    /**
     * Bearer token every {@code /api} request must present when set (production: from a Secret, never a literal).
     * Unset means no token, as in the local run.
     */
    Optional<String> apiToken();

    /** The lake: the sink's buckets, read through a local file cache that DuckDB queries. */
    interface Lake {

        /** {@code s3} (MinIO, AWS S3, S3Proxy) or {@code local} (the sink's {@code local} storage layout). */
        @WithDefault("s3")
        @Pattern(regexp = "s3|local", message = "must be s3 or local")
        String storageType();

        /** Root of the sink's {@code local} storage ({@code {local-dir}/{topic}/{hive path}}). */
        @WithDefault("data/raw")
        Path localDir();

        /** Objects fetched from S3 are kept here; their names are deterministic and immutable, so a cached copy never goes stale. */
        @WithDefault("${java.io.tmpdir}/marketflow-query-cache")
        Path cacheDir();

        /** Disk the cache may use before the least recently read objects are evicted. */
        @WithDefault("2147483648")
        @Min(1048576)
        long cacheMaxBytes();

        /**
         * How long a prefix's listing is reused by later queries: new objects are unseen for at most this long; an
         * object gone since (compaction) makes the query list again. Zero lists on every query.
         */
        @WithDefault("2s")
        Duration listingTtl();

        /** Per dataset (topic name) overrides of the sink's default bucket and prefix, e.g. {@code h_alpaca=historical-data/}. */
        Map<String, String> locations();
    }

    /** Request limits: a bad value in a request is a 400, never a full scan. */
    interface Limits {

        /** Rows of one JSON page; larger ranges page with the returned cursor or use an export. */
        @WithDefault("10000")
        @Min(1)
        @Max(1000000)
        int maxPageRows();

        /** Longest time range of one query or export. */
        @WithDefault("P3660D")
        Duration maxRange();

        /** DuckDB memory limit, so a large export spills or streams instead of growing the heap. */
        @WithDefault("512MB")
        @NotBlank
        String engineMemoryLimit();

        /** DuckDB worker threads. */
        @WithDefault("2")
        @Min(1)
        @Max(64)
        int engineThreads();

        /**
         * DuckDB {@code max_temp_directory_size}: the most disk its spill files may take. Without a cap DuckDB allows
         * 90 % of the free disk, which on the pod's {@code /tmp} emptyDir (shared with the lake cache) means eviction
         * by the kubelet instead of one failed query. A query that needs more fails with DuckDB's out-of-space error.
         */
        @WithDefault("1GB")
        @NotBlank
        String engineMaxTempDirectorySize();

        /** Where DuckDB spills ({@code temp_directory}); unset means {@code {lake.cache-dir}/spill}. */
        Optional<Path> engineTempDir();
    }

    /**
     * The data summary and the status page: consumer groups whose lag it shows, topic renames, how long a computed
     * summary and a lake listing are reused, the sampling of records per second. The lake locations are {@link Lake#locations()}.
     */
    interface Status {

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
}
