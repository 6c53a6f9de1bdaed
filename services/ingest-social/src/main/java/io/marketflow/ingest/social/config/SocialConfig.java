package io.marketflow.ingest.social.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Positive;

import io.marketflow.provider.RetryPolicy;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Configuration of the social ingest service. Every property maps to an environment variable
 * ({@code marketflow.social.bluesky.mode} ← {@code MARKETFLOW_SOCIAL_BLUESKY_MODE}); a missing or malformed value fails
 * startup with a message naming the property.
 */
@ConfigMapping(prefix = "marketflow.social")
public interface SocialConfig {

    /** Runs the pollers on their schedules; tests switch it off and poll by hand. */
    @WithDefault("true")
    boolean schedule();

    /**
     * The financial keywords every cycle searches besides the companies' (the original's list); their posts are
     * published with {@code ticker = null} and feed the aggregator's {@code sentiment_general_*} features, unless the
     * text names a company of {@code companies_info} (then its ticker, see {@code CompanyMentions}).
     */
    @WithDefault("stock,stocks,market,markets,equity,equities,trading,investing,investment,portfolio,bull market,bear market,"
            + "recession,nasdaq,dow jones,s&p 500,earnings,earnings report,buy the dip,short selling,federal reserve,interest rates,"
            + "inflation,wall street,financial markets,volatility,dividends,valuation,price target,IPO,stock split,ETF,SPY")
    @NotEmpty
    List<String> generalKeywords();

    /**
     * The local run this process belongs to, from {@code MARKETFLOW_RECORDED_RUN} ({@code bin/marketflow run} sets a new
     * one per run, and a restarted service keeps it): the recorded replay's dedup state is kept per run, so each run
     * replays the recorded set once and a restart within it publishes nothing again. Unset (the default): one recorded
     * state, kept across restarts and runs alike. Live mode ignores it.
     */
    Optional<String> recordedRun();

    /** Bluesky {@code app.bsky.feed.searchPosts}, topic {@code bluesky}. */
    Bluesky bluesky();

    /** X API v2 recent search, topic {@code x_posts}; without {@code X_BEARER_TOKEN} its recorded responses. */
    X x();

    /** Bluesky settings. */
    interface Bluesky {

        /** Searches every keyword each cycle; off when false. */
        @WithDefault("true")
        boolean enabled();

        /**
         * {@code live} calls Bluesky with the account below; {@code recorded} replays the recorded responses this
         * service serves itself under {@code /recorded/bluesky} through the same client. Unset: {@code live} when both
         * credentials are set, else {@code recorded}.
         */
        Optional<Mode> mode();

        /** The account's handle, from {@code BLUESKY_HANDLE}. */
        Optional<String> handle();

        /** An app password of the account, from {@code BLUESKY_APP_PASSWORD}; never logged. */
        Optional<String> appPassword();

        /** The PDS's base URL (live mode); XRPC methods are under {@code /xrpc}. */
        @WithDefault("https://bsky.social")
        String url();

        /** A cycle over every keyword starts this often (the original slept 30 s between rounds). */
        @WithDefault("30s")
        Duration cycleInterval();

        /** Pause between two keywords of a cycle (the original's 2 s). */
        @WithDefault("2s")
        Duration keywordDelay();

        /** Posts per page ({@code limit}, 1–100; the API's default is 25). */
        @WithDefault("25")
        @Min(1)
        @Max(100)
        int pageSize();

        /** Pages followed by {@code cursor} per keyword per cycle; paging stops earlier at a page with nothing new. */
        @WithDefault("3")
        @Min(1)
        @Max(50)
        int maxPages();

        /** Request budget (the PDS allows 3000 per 5 minutes per IP; the default stays far below). */
        @WithDefault("120")
        @Positive
        @Max(100000)
        int requestsPerMinute();

        /** The session is refreshed at the latest this long after it was obtained (the original's 900 s). */
        @WithDefault("15m")
        Duration sessionRefreshInterval();

        /** ... and at the latest this long before the access token's {@code exp}. */
        @WithDefault("5m")
        Duration sessionRefreshMargin();

        /** Backoff settings. */
        Retry retry();
    }

    /** X settings. */
    interface X {

        /** Searches X in its {@link #mode()}; off when false. */
        @WithDefault("true")
        boolean enabled();

        /**
         * {@code live} searches X with the bearer token; {@code recorded} replays the recorded responses this service
         * serves itself under {@code /recorded/x} through the same client, with a made-up token. Unset: {@code live} when
         * the bearer token is set, else {@code recorded}; {@code live} without the token turns X off.
         */
        Optional<Mode> mode();

        /** App-only bearer token, from {@code X_BEARER_TOKEN}; sent to X only (live mode), never logged. */
        Optional<String> bearerToken();

        /** The API's base URL (live mode). */
        @WithDefault("https://api.twitter.com")
        String url();

        /**
         * A poll starts this often: live it searches one keyword (round robin), as the free plan allows one recent search
         * per 15 minutes; recorded it searches every keyword (the server is this process).
         */
        @WithDefault("15m")
        Duration pollInterval();

        /** {@code max_results} per request (10–100). */
        @WithDefault("10")
        @Min(10)
        @Max(100)
        int maxResults();

        /** Backoff settings (429 is not retried here: X is paused until its {@code x-rate-limit-reset}). */
        Retry retry();
    }

    /** Backoff of one provider's requests. */
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
        /** The provider's real API, with its credentials. */
        LIVE,
        /** The recorded responses under {@code /recorded} on this service's own port. */
        RECORDED
    }
}
