package io.marketflow.ingest.macro.config;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;

import io.marketflow.provider.RetryPolicy;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Configuration of the macro ingest service. Every property maps to an environment variable
 * ({@code marketflow.macro.fred.mode} ← {@code MARKETFLOW_MACRO_FRED_MODE}); a missing or malformed value fails startup
 * with a message naming the property ({@link MacroConfigValidator} checks what annotations cannot).
 */
@ConfigMapping(prefix = "marketflow.macro")
public interface MacroConfig {

    /** FRED series and their vintages. */
    Fred fred();

    /** World Bank indicators (yearly, no vintages). */
    WorldBank worldBank();

    /** Fed policy events: rate decisions from the target range, the shipped FOMC calendar. */
    Policy policy();

    /** The backfill to {@code h_macrodata} and the hourly poll to {@code macrodata}. */
    Schedule schedule();

    /** FRED settings; the key comes only from the environment. */
    interface Fred {

        /**
         * {@code live} (the real API, needs the key), {@code recorded} (the shipped recordings served by this service's
         * own HTTP port under {@code /recorded/fred}, through the same client) or {@code auto}: live with a key, else recorded.
         */
        @WithDefault("auto")
        @Pattern(regexp = "auto|live|recorded", message = "must be auto, live or recorded")
        String mode();

        /** Base URL of the live API (tests point it at WireMock). */
        @WithDefault("https://api.stlouisfed.org")
        String url();

        /** {@code api_key}, from {@code FRED_API_KEY}: 32 lower-case letters and digits. */
        Optional<@Pattern(regexp = "[a-z0-9]{32}", message = "must be 32 lower-case letters and digits") String> apiKey();

        /** Series as {@code SERIES_ID:alias}, the original seven by default. */
        @WithDefault("GDPC1:gdp_real,CPIAUCSL:cpi,FEDFUNDS:ffr,DGS10:t10y,DGS2:t2y,T10Y2Y:spread_10y_2y,UNRATE:unemployment")
        List<String> series();

        /** First observation date of the backfill. */
        @WithDefault("2020-01-01")
        LocalDate start();

        /**
         * {@code realtime_start} of every request: an early date so that FRED (ALFRED) returns every vintage since then,
         * not just today's values. {@code realtime_end} is always 9999-12-31.
         */
        @WithDefault("1776-07-04")
        LocalDate realtimeStart();

        /** Observations per page ({@code limit}; FRED's maximum is 100000); {@code offset} pages through the rest. */
        @WithDefault("100000")
        @Min(1)
        @Max(100000)
        int pageLimit();

        /** Request budget (FRED: 120 requests per minute per key). */
        @WithDefault("120")
        @Positive
        int requestsPerMinute();

        /** Backoff settings. */
        Retry retry();
    }

    /** World Bank settings (no key). */
    interface WorldBank {

        /** Fetch the indicators; {@code auto} follows the FRED mode (recorded files without a FRED key). */
        @WithDefault("auto")
        @Pattern(regexp = "auto|live|recorded|off", message = "must be auto, live, recorded or off")
        String mode();

        /** Base URL of the live API (tests point it at WireMock). */
        @WithDefault("https://api.worldbank.org")
        String url();

        /** ISO2 country code. */
        @WithDefault("US")
        @Pattern(regexp = "[A-Z]{2}", message = "must be an ISO 3166-1 alpha-2 code")
        String country();

        /** Indicators as {@code INDICATOR.CODE:alias} (GDP growth, CPI inflation by default). */
        @WithDefault("NY.GDP.MKTP.KD.ZG:wb_gdp_growth,FP.CPI.TOTL.ZG:wb_cpi_inflation")
        List<String> indicators();

        /** First year fetched. */
        @WithDefault("2020")
        @Min(1960)
        int startYear();

        /**
         * World Bank keeps no vintages: a yearly value first seen in a backfill is dated known from year end plus this
         * lag (WDI's annual update lands around July), or from the day it was fetched when that is earlier.
         */
        @WithDefault("P210D")
        Duration publicationLag();

        /** Rows per page ({@code per_page}). */
        @WithDefault("50")
        @Min(1)
        @Max(1000)
        int perPage();

        /** Request budget (unpublished; a conservative guess). */
        @WithDefault("30")
        @Positive
        int requestsPerMinute();

        /** Backoff settings. */
        Retry retry();
    }

    /** Policy events. */
    interface Policy {

        /** Send policy events. */
        @WithDefault("true")
        boolean enabled();

        /** FRED series of the target range's upper bound. */
        @WithDefault("DFEDTARU")
        String upperSeries();

        /** FRED series of the target range's lower bound. */
        @WithDefault("DFEDTARL")
        String lowerSeries();

        /** First day of the target range series read (the range began on 2008-12-16). */
        @WithDefault("2020-01-01")
        LocalDate start();

        /** Classpath resource of the FOMC meeting calendar. */
        @WithDefault("fomc/fomc_meetings.csv")
        String calendarResource();
    }

    /** When things run. */
    interface Schedule {

        /** Run the backfill and the poll at all (tests switch it off to drive them by hand). */
        @WithDefault("true")
        boolean enabled();

        /** Interval of the poll for new observations and vintages to {@code macrodata}. */
        @WithDefault("1h")
        Duration pollInterval();

        /** How far back the poll asks for observations, so that revisions of recent periods are seen. */
        @WithDefault("P400D")
        Duration pollLookback();

        /** A series not fetched successfully for this long is stale (readiness detail, alert). */
        @WithDefault("3h")
        Duration staleAfter();
    }

    /** Retry and backoff of one provider. */
    interface Retry {

        /** Attempts per request before giving up, counting the first (429, 5xx and I/O errors are retried). */
        @WithDefault("6")
        @Min(1)
        int maxAttempts();

        /** First backoff after a 429/5xx without {@code Retry-After}; doubled per attempt, with full jitter. */
        @WithDefault("1s")
        Duration initialBackoff();

        /** Longest backoff between two attempts, and the cap on a provider's {@code Retry-After}. */
        @WithDefault("120s")
        Duration maxBackoff();

        /**
         * @return these settings for the shared provider-calls library, which reads no configuration itself
         */
        default RetryPolicy policy() {
            return new RetryPolicy(maxAttempts(), initialBackoff(), maxBackoff());
        }
    }
}
