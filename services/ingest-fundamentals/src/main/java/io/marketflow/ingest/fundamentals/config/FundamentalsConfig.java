package io.marketflow.ingest.fundamentals.config;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Optional;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;

import io.marketflow.provider.RetryPolicy;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Configuration of the fundamentals ingest service. Every property maps to an environment variable
 * ({@code marketflow.fundamentals.fmp.mode} ← {@code MARKETFLOW_FUNDAMENTALS_FMP_MODE}); a malformed value fails
 * startup with a message naming the property.
 */
@ConfigMapping(prefix = "marketflow.fundamentals")
public interface FundamentalsConfig {

    /** The original system's Parquet file of annual statements (real data, always available). */
    File file();

    /** Financial Modeling Prep's stable statements API. */
    Fmp fmp();

    /** The point-in-time rule for statements without a filing or accepted date. */
    Availability availability();

    /** The Parquet file's settings. */
    interface File {

        /** Load the file at all (it is loaded once per row: progress is kept in PostgreSQL). */
        @WithDefault("true")
        boolean enabled();

        /** Classpath resource of the file (the copy of the original inside this module). */
        @WithDefault("data/df_company_fundamentals.parquet")
        String resource();

        /** How often active companies are compared against what was sent, so a new company is loaded without a restart. */
        @WithDefault("10s")
        Duration checkInterval();
    }

    /** FMP settings. */
    interface Fmp {

        /** {@code apikey}, from {@code FMP_API_KEY}; without it the mode defaults to {@code recorded}. */
        Optional<String> apiKey();

        /**
         * {@code live} (FMP itself, needs the key), {@code recorded} (this service replays recorded responses on its own
         * HTTP port through the same client) or {@code off}; default: {@code live} with a key, {@code recorded} without.
         */
        Optional<@Pattern(regexp = "live|recorded|off", message = "must be live, recorded or off") String> mode();

        /** FMP's host; the client appends {@code /stable/...}. */
        @WithDefault("https://financialmodelingprep.com")
        String url();

        /** {@code annual} or {@code quarter} statements. */
        @WithDefault("annual")
        @Pattern(regexp = "annual|quarter", message = "must be annual or quarter")
        String period();

        /** Statements per request (newest first; the free plan serves 5 annual ones). */
        @WithDefault("5")
        @Min(1)
        @Max(120)
        int limit();

        /** How long a ticker's statements stay fresh before they are fetched again (statements change a few times a year). */
        @WithDefault("24h")
        Duration refreshInterval();

        /** How often the refresher looks for tickers due (new companies are due at once). */
        @WithDefault("1m")
        Duration checkInterval();

        /**
         * How long after startup the refresher looks for the first time (then every {@link #checkInterval()}). Short by
         * default so a local run shows FMP statements within seconds; the tests set it long because they drive
         * {@code FmpRefresher#refreshDue()} themselves and a scheduled run would race them. Zero or more.
         */
        @WithDefault("5s")
        Duration firstCheckDelay();

        /** Request spacing (FMP's free plan publishes no per-minute limit; this keeps bursts small). */
        @WithDefault("30")
        @Positive
        int requestsPerMinute();

        /**
         * Requests per day (free plan: 250), counted in PostgreSQL before each request; once spent, FMP is not called
         * again until the next day begins in {@link #dailyLimitZone()}.
         */
        @WithDefault("250")
        @Positive
        int dailyLimit();

        /** Where FMP's day begins: its reset time is not published (SOURCES.md), so it is a setting. */
        @WithDefault("UTC")
        ZoneId dailyLimitZone();

        /** Backoff settings for 429, 5xx and I/O errors. */
        Retry retry();
    }

    /** Retry and backoff of FMP requests. */
    interface Retry {

        /** Attempts per request before giving up, counting the first. */
        @WithDefault("5")
        @Min(1)
        int maxAttempts();

        /** First backoff without {@code Retry-After}; doubled per attempt, with full jitter. */
        @WithDefault("2s")
        Duration initialBackoff();

        /** Longest backoff, and the cap on FMP's {@code Retry-After}. */
        @WithDefault("120s")
        Duration maxBackoff();

        /**
         * @return these settings for the shared provider-calls library, which reads no configuration itself
         * @throws IllegalArgumentException when they are not 0 < initial-backoff <= max-backoff
         */
        default RetryPolicy policy() {
            return new RetryPolicy(maxAttempts(), initialBackoff(), maxBackoff());
        }
    }

    /** Availability of statements that carry no filing date. */
    interface Availability {

        /**
         * Days after the period end a statement without a filing or accepted date is assumed public: 90 covers the SEC's
         * latest 10-K deadline (90 days for non-accelerated filers; 10-Qs are due within 40–45 days).
         */
        @WithDefault("90")
        @Min(0)
        @Max(400)
        int fallbackDaysAfterPeriodEnd();
    }
}
