package io.marketflow.sink.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;

import org.hibernate.validator.constraints.time.DurationMin;

import io.marketflow.sink.domain.RecordType;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/**
 * Every knob of the Parquet sink, under {@code marketflow.sink} (environment: {@code MARKETFLOW_SINK_…}). Dataset
 * defaults (buckets, partitions) live in {@link DatasetCatalog}; entries under {@code datasets} override them per topic.
 * Every value is validated at startup: a malformed or out-of-range one fails it with a message naming the key (a typo
 * in {@code storage.type} must not mean S3).
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
    @Min(1)
    @Max(64)
    int uploadThreads();

    /** Per-topic overrides of the default datasets, keyed by topic name. */
    Map<String, @Valid DatasetConfig> datasets();

    /** Storage target. */
    interface StorageConfig {
        /** {@code s3} (any S3-compatible endpoint from {@code marketflow.s3.*}) or {@code local} (a directory). */
        @WithDefault("s3")
        @Pattern(regexp = "(?i)s3|local", message = "must be s3 or local")
        String type();

        /** Root directory of {@code local} storage; files land in {@code {local-dir}/{topic}/…}. */
        @WithDefault("data/raw")
        @NotBlank
        String localDir();

        /**
         * How often readiness asks the store whether it answers (a list of an empty prefix). Uploads alone would show
         * an outage only when a cut falls inside it; the probe shows it within this interval even while no file is due.
         */
        @WithDefault("10s")
        @DurationMin(millis = 1)
        Duration probeInterval();
    }

    /** Parquet encoding. */
    interface ParquetConfig {
        /** {@code ZSTD}, {@code SNAPPY} or {@code UNCOMPRESSED}; all three are read by DuckDB, Spark and pyarrow. */
        @WithDefault("ZSTD")
        @Pattern(regexp = "(?i)zstd|snappy|uncompressed", message = "must be ZSTD, SNAPPY or UNCOMPRESSED")
        String compression();

        /** Target row group size in bytes; a file smaller than this is one row group. */
        @WithDefault("67108864")
        @Min(1024)
        int rowGroupBytes();
    }

    /** Segment rotation: a cut closes all of a partition's open files at once. */
    interface RotationConfig {
        /** Cut a partition's segment once it holds this many rows. */
        @WithDefault("500000")
        @Positive
        int maxRecords();

        /** Cut a partition's segment once its buffered rows are estimated at this many bytes. */
        @WithDefault("33554432")
        @Positive
        long maxSegmentBytes();

        /** Cut a segment this long after its first record at the latest, so real-time data becomes visible. */
        @WithDefault("60s")
        @DurationMin(millis = 1)
        Duration maxOpenTime();

        /** How often the time-based rotation and the gauges are checked. */
        @WithDefault("1s")
        @DurationMin(millis = 1)
        Duration checkInterval();
    }

    /** Memory bounds. */
    interface MemoryConfig {
        /** Buffered bytes (estimated) across all partitions; above it the largest segments are cut first. */
        @WithDefault("134217728")
        @Positive
        long maxBufferedBytes();

        /** Open partition paths (future files) across all partitions; above it the largest segments are cut. */
        @WithDefault("2000")
        @Positive
        int maxOpenFiles();
    }

    /** Retry with exponential backoff. */
    interface RetryConfig {
        /** First backoff after a failed upload or commit. */
        @WithDefault("200ms")
        @DurationMin(millis = 1)
        Duration initialBackoff();

        /** Longest backoff between attempts; attempts never stop while the partition is ours. */
        @WithDefault("10s")
        @DurationMin(millis = 1)
        Duration maxBackoff();

        /** How long one offset commit may take before it counts as failed and is retried. */
        @WithDefault("30s")
        @DurationMin(millis = 1)
        Duration commitTimeout();
    }

    /** Compaction of small files. */
    interface CompactionConfig {
        /** Run compaction of every dataset on this interval; absent = only on demand ({@code POST /compaction}). */
        Optional<@DurationMin(seconds = 1) Duration> interval();

        /** A partition path is compacted once it has at least this many eligible files. */
        @WithDefault("4")
        @Min(2)
        int minFiles();

        /** Stop adding files to a merged file once their sizes sum to this many bytes. */
        @WithDefault("134217728")
        @Positive
        long targetBytes();
    }

    /** S3's bucket naming rule: 3 to 63 lower-case letters, digits, dots and hyphens, a letter or digit at both ends. */
    String BUCKET_NAME = "[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]";
    /** The message of a bucket name that breaks {@link #BUCKET_NAME}. */
    String BUCKET_RULE = "must be a bucket name: 3 to 63 lower-case letters, digits, dots and hyphens, a letter or digit at both ends";

    /** Overrides of one topic's dataset. */
    interface DatasetConfig {
        /** False stops storing the topic (its records are still consumed and committed). */
        @WithDefault("true")
        boolean enabled();

        /** Bucket (S3) or top directory (local); default per topic, e.g. {@code stock-data}. */
        Optional<@Pattern(regexp = BUCKET_NAME, message = BUCKET_RULE) String> bucket();

        /** Key prefix inside the bucket, e.g. {@code h_macrodata}. */
        Optional<String> prefix();

        /** Hive partition levels, outermost first, e.g. {@code source,ticker,date}. */
        @WithName("partition-by")
        Optional<List<String>> partitionBy();

        /** Record type (and so schema): TRADE, WEEK_BARS, MACRO, FUNDAMENTALS, NEWS, SOCIAL, POLICY. */
        Optional<RecordType> recordType();
    }
}
