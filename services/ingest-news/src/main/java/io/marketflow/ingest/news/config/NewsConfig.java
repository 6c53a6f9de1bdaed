package io.marketflow.ingest.news.config;

import java.time.Duration;
import java.util.Optional;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Positive;

import io.marketflow.provider.RetryPolicy;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Configuration of the news ingest service. Every property maps to an environment variable
 * ({@code marketflow.news.mode} ← {@code MARKETFLOW_NEWS_MODE}); a missing or malformed value fails startup with a
 * message naming the property.
 */
@ConfigMapping(prefix = "marketflow.news")
public interface NewsConfig {

    /**
     * {@code live} calls the providers; {@code recorded} replays the recorded responses this service serves itself
     * under {@code /recorded} through the same clients. Unset: {@code live} for a provider with its key, else
     * {@code recorded}.
     */
    Optional<Mode> mode();

    /**
     * The local run this process belongs to, from {@code MARKETFLOW_RECORDED_RUN} ({@code bin/marketflow run} sets a new
     * one per run, and a restarted service keeps it): the recorded replay's dedup state is kept per run, so each run
     * replays the recorded set once and a restart within it publishes nothing again. Unset (the default): one recorded
     * state, kept across restarts and runs alike. Live mode ignores it.
     */
    Optional<String> recordedRun();

    /** Polls on the schedules below; tests switch it off and poll by hand. */
    @WithDefault("true")
    boolean schedule();

    /** Finnhub company news, topic {@code finnhub}. */
    Finnhub finnhub();

    /** NewsAPI {@code /v2/everything}, topic {@code newsapi}. */
    NewsApi newsapi();

    /** Finnhub settings. */
    interface Finnhub {

        /** Polls every active ticker; off when false. */
        @WithDefault("true")
        boolean enabled();

        /** {@code token}, from {@code FINNHUB_API_KEY}; without it Finnhub runs in recorded mode. */
        Optional<String> apiKey();

        /** The API's base URL (live mode). */
        @WithDefault("https://finnhub.io/api/v1")
        String url();

        /** One cycle over every active ticker per interval (the original's 60 s). */
        @WithDefault("60s")
        Duration pollInterval();

        /** Request budget; the free plan allows 60 calls per minute, 55 keeps a margin for clock skew. */
        @WithDefault("55")
        @Positive
        int requestsPerMinute();

        /** Days back from today of the {@code from} date of each request (the original: yesterday). */
        @WithDefault("1")
        @Min(0)
        int lookbackDays();

        /** Backoff settings. */
        Retry retry();
    }

    /** NewsAPI settings. */
    interface NewsApi {

        /** Searches one company per poll; off when false. */
        @WithDefault("true")
        boolean enabled();

        /** {@code apiKey}, from {@code NEWSAPI_API_KEY}; without it NewsAPI runs in recorded mode. */
        Optional<String> apiKey();

        /** The API's base URL (live mode). */
        @WithDefault("https://newsapi.org")
        String url();

        /** One company's search per interval: 16 min is 90 searches a day, inside the free plan's 100. */
        @WithDefault("16m")
        Duration pollInterval();

        /** Requests per UTC day, paging included; the poller stops for the day when it is spent. */
        @WithDefault("90")
        @Positive
        int dailyBudget();

        /** Articles per page (NewsAPI's maximum: 100). */
        @WithDefault("100")
        @Min(1)
        @Max(100)
        int pageSize();

        /** Pages per search; the free plan ends at 100 results (maximumResultsReached), so 1 there. */
        @WithDefault("1")
        @Positive
        int maxPages();

        /** Days back of the {@code from} parameter (free plan: articles up to about a month old, 24 h delayed). */
        @WithDefault("3")
        @Positive
        int lookbackDays();

        /** How long NewsAPI is left alone after a {@code rateLimited} body ("50 requests available every 12 hours"). */
        @WithDefault("12h")
        Duration rateLimitedPause();

        /** Backoff settings. */
        Retry retry();
    }

    /** Retry and backoff of one provider. */
    interface Retry {

        /** Attempts per request before giving up, counting the first (429, 5xx, I/O errors and non-JSON bodies are retried). */
        @WithDefault("4")
        @Min(1)
        int maxAttempts();

        /** First backoff; doubled per attempt, with full jitter. */
        @WithDefault("1s")
        Duration initialBackoff();

        /** Longest backoff between two attempts, and the cap on a provider's {@code Retry-After}. */
        @WithDefault("60s")
        Duration maxBackoff();

        /**
         * @return these settings for the shared provider-calls library, which reads no configuration itself
         */
        default RetryPolicy policy() {
            return new RetryPolicy(maxAttempts(), initialBackoff(), maxBackoff());
        }
    }

    /** Where a provider's responses come from. */
    enum Mode {
        /** The provider's real API, with its key. */
        LIVE,
        /** The recorded responses under {@code /recorded} on this service's own port. */
        RECORDED
    }
}
