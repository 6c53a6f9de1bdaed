package io.marketflow.sink.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.marketflow.sink.domain.RecordType;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/**
 * Every knob of the Parquet sink, under {@code marketflow.sink} (environment: {@code MARKETFLOW_SINK_…}). Dataset
 * defaults (buckets, partitions) live in {@link DatasetCatalog}; entries under {@code datasets} override them per topic.
 */
@ConfigMapping(prefix = "marketflow.sink")
public interface SinkConfig {

    /** Where files go. */
    StorageConfig storage();

    /** How Parquet files are encoded. */
    ParquetConfig parquet();

    /** When an open segment is cut into files. */
    RotationConfig rotation();

    /** Global memory bounds across all partitions. */
    MemoryConfig memory();

    /** Retries of an unreachable store or broker. */
    RetryConfig retry();

    /** Merging small files. */
    CompactionConfig compaction();

    /** Files of one cut encoded and uploaded in parallel. */
    @WithDefault("4")
    int uploadThreads();

    /** Per-topic overrides of the default datasets, keyed by topic name. */
    Map<String, DatasetConfig> datasets();

    /** Storage target. */
    interface StorageConfig {
        /** {@code s3} (any S3-compatible endpoint from {@code marketflow.s3.*}) or {@code local} (a directory). */
        @WithDefault("s3")
        String type();

        /** Root directory of {@code local} storage; files land in {@code {local-dir}/{topic}/…}. */
        @WithDefault("data/raw")
        String localDir();
    }

    /** Parquet encoding. */
    interface ParquetConfig {
        /** {@code ZSTD}, {@code SNAPPY} or {@code UNCOMPRESSED}; all three are read by DuckDB, Spark and pyarrow. */
        @WithDefault("ZSTD")
        String compression();

        /** Target row group size in bytes; a file smaller than this is one row group. */
        @WithDefault("67108864")
        int rowGroupBytes();
    }

    /** Segment rotation: a cut closes all of a partition's open files at once. */
    interface RotationConfig {
        /** Cut a partition's segment once it holds this many rows. */
        @WithDefault("500000")
        int maxRecords();

        /** Cut a partition's segment once its buffered rows are estimated at this many bytes. */
        @WithDefault("33554432")
        long maxSegmentBytes();

        /** Cut a segment this long after its first record at the latest, so real-time data becomes visible. */
        @WithDefault("60s")
        Duration maxOpenTime();

        /** How often the time-based rotation and the gauges are checked. */
        @WithDefault("1s")
        Duration checkInterval();
    }

    /** Memory bounds. */
    interface MemoryConfig {
        /** Buffered bytes (estimated) across all partitions; above it the largest segments are cut first. */
        @WithDefault("134217728")
        long maxBufferedBytes();

        /** Open partition paths (future files) across all partitions; above it the largest segments are cut. */
        @WithDefault("2000")
        int maxOpenFiles();
    }

    /** Retry with exponential backoff. */
    interface RetryConfig {
        /** First backoff after a failed upload or commit. */
        @WithDefault("200ms")
        Duration initialBackoff();

        /** Longest backoff between attempts; attempts never stop while the partition is ours. */
        @WithDefault("10s")
        Duration maxBackoff();

        /** How long one offset commit may take before it counts as failed and is retried. */
        @WithDefault("30s")
        Duration commitTimeout();
    }

    /** Compaction of small files. */
    interface CompactionConfig {
        /** Run compaction of every dataset on this interval; absent = only on demand ({@code POST /compaction}). */
        Optional<Duration> interval();

        /** A partition path is compacted once it has at least this many eligible files. */
        @WithDefault("4")
        int minFiles();

        /** Stop adding files to a merged file once their sizes sum to this many bytes. */
        @WithDefault("134217728")
        long targetBytes();
    }

    /** Overrides of one topic's dataset. */
    interface DatasetConfig {
        /** False stops storing the topic (its records are still consumed and committed). */
        @WithDefault("true")
        boolean enabled();

        /** Bucket (S3) or top directory (local); default per topic, e.g. {@code stock-data}. */
        Optional<String> bucket();

        /** Key prefix inside the bucket, e.g. {@code h_macrodata}. */
        Optional<String> prefix();

        /** Hive partition levels, outermost first, e.g. {@code source,ticker,date}. */
        @WithName("partition-by")
        Optional<List<String>> partitionBy();

        /** Record type (and so schema): TRADE, WEEK_BARS, MACRO, FUNDAMENTALS, NEWS, SOCIAL, POLICY. */
        Optional<RecordType> recordType();
    }
}
