package io.marketflow.ingest.market.config;

import java.time.Duration;
import java.time.LocalDate;
import java.util.Optional;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Positive;

import io.marketflow.ingest.market.domain.SyntheticMode;
import io.marketflow.provider.RetryPolicy;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Configuration of the market ingest service. Every property maps to an environment variable
 * ({@code marketflow.market.synthetic.mode} ← {@code MARKETFLOW_MARKET_SYNTHETIC_MODE}); a missing or malformed value
 * fails startup with a message naming the property.
 */
@ConfigMapping(prefix = "marketflow.market")
public interface MarketConfig {

    /** The synthetic trade generator. */
    Synthetic synthetic();

    /** Alpaca Market Data v2: historical bars, latest trades, the real-time trade stream. */
    Alpaca alpaca();

    /** Polygon (Massive) aggregates. */
    Polygon polygon();

    /** Yahoo Finance chart (unofficial, no key). */
    Yahoo yahoo();

    /** Alpha Vantage time series. */
    AlphaVantage alphaVantage();

    /** The historical 1-minute bar backfill to {@code h_alpaca}. */
    Backfill backfill();

    /** Real-time trades during the regular session to {@code stock_trades}. */
    Realtime realtime();

    /** Record validation. */
    Validation validation();

    /**
     * The local run this process belongs to, from {@code MARKETFLOW_RECORDED_RUN} ({@code bin/marketflow run} sets a new
     * one per run, and a restarted service keeps it): the recorded backfill's progress is kept per run, so each run
     * replays the recorded week once and a restart within it sends nothing again. Unset (the default): one recorded
     * progress ({@code alpaca-recorded}), kept across restarts and runs alike. Live mode ignores it.
     */
    Optional<String> recordedRun();

    /** Where a provider's bars come from. */
    enum Mode {
        /** The provider's real API, with its keys. */
        LIVE,
        /** The recorded responses under {@code /recorded} on this service's own port, through the same client. */
        RECORDED
    }

    /** Alpaca settings; the keys come only from the environment. */
    interface Alpaca {

        /** {@code APCA-API-KEY-ID}, from {@code ALPACA_API_KEY_ID}; without it bars are recorded ({@link #mode()}) and the stream off. */
        Optional<String> keyId();

        /** {@code APCA-API-SECRET-KEY}, from {@code ALPACA_API_SECRET_KEY}; without it bars are recorded and the stream off. */
        Optional<String> secretKey();

        /**
         * Where historical bars come from: {@code live} calls Alpaca with the keys; {@code recorded} replays the recorded
         * responses this service serves itself under {@code /recorded/alpaca} through the same client. Unset: {@code live}
         * with both keys, else {@code recorded}; {@code live} without the keys disables the provider. The real-time stream
         * is not affected: it always needs the keys.
         */
        Optional<Mode> mode();

        /** {@code iex} (free plan) or {@code sip}; used for historical bars, latest trades and the stream. */
        @WithDefault("iex")
        String feed();

        /** Price adjustment of historical bars: {@code raw}, {@code split}, {@code dividend} or {@code all}. */
        @WithDefault("raw")
        String adjustment();

        /** Bars per page across all symbols of a request (Alpaca's maximum is 10000). */
        @WithDefault("10000")
        @Min(1)
        @Max(10000)
        int pageLimit();

        /** Request budget (free plan: 200 requests per minute). */
        @WithDefault("200")
        @Positive
        int requestsPerMinute();

        /** Backoff settings. */
        Retry retry();
    }

    /** Polygon settings. */
    interface Polygon {

        /** {@code apiKey}, from {@code POLYGON_API_KEY}; without it the provider is disabled. */
        Optional<String> apiKey();

        /** Results per page (Polygon's maximum is 50000). */
        @WithDefault("50000")
        @Min(1)
        int pageLimit();

        /** Request budget (free plan: 5 requests per minute). */
        @WithDefault("5")
        @Positive
        int requestsPerMinute();

        /** Backoff settings. */
        Retry retry();
    }

    /** Yahoo chart settings. */
    interface Yahoo {

        /** Yahoo needs no key; it is off unless switched on because it is unofficial and has no SLA. */
        @WithDefault("false")
        boolean enabled();

        /** Request budget (unpublished; a conservative guess). */
        @WithDefault("60")
        @Positive
        int requestsPerMinute();

        /** Backoff settings. */
        Retry retry();
    }

    /** Alpha Vantage settings. */
    interface AlphaVantage {

        /** {@code apikey}, from {@code ALPHAVANTAGE_API_KEY}; without it the provider is disabled. */
        Optional<String> apiKey();

        /** Request budget (free plan: 25 per day, at most 5 per minute). */
        @WithDefault("5")
        @Positive
        int requestsPerMinute();

        /** How long to pause after an HTTP-200 {@code Information}/{@code Note} rate-limit body. */
        @WithDefault("60s")
        Duration rateLimitPause();

        /** Backoff settings. */
        Retry retry();
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

    /** The historical backfill (the original {@code producer_h_stockdata}). */
    interface Backfill {

        /** Run the backfill at startup when its provider is enabled (has its keys); a provider without keys disables it. */
        @WithDefault("true")
        boolean enabled();

        /** The provider serving historical 1-minute bars: {@code alpaca}, {@code polygon}, {@code yahoo} or {@code alphavantage}. */
        @WithDefault("alpaca")
        String provider();

        /**
         * First New York date to backfill; when not set 2021-01-01 live, and in recorded mode 2021-01-04, the first day
         * of the recorded ISO week (see {@code domain.BackfillRange}).
         */
        Optional<LocalDate> start();

        /**
         * Last New York date to backfill, inclusive; when not set yesterday (New York) live, and in recorded mode
         * 2021-01-10, the last day of the recorded ISO week.
         */
        Optional<LocalDate> end();

        /** Tickers per provider request (Alpaca's multi-symbol bars); one ISO week per request. */
        @WithDefault("5")
        @Min(1)
        @Max(100)
        int symbolsPerRequest();

        /** Parallel workers; they share the provider's rate limiter. */
        @WithDefault("2")
        @Min(1)
        @Max(32)
        int workers();

        /** How often progress (percent, rate, ETA) is logged. */
        @WithDefault("30s")
        Duration logInterval();
    }

    /** Real-time trades from Alpaca's WebSocket during the regular session. */
    interface Realtime {

        /** Stream real trades during the regular session (needs the Alpaca keys; without them it is disabled). */
        @WithDefault("true")
        boolean enabled();

        /** Stream URL; the feed name ({@code marketflow.market.alpaca.feed}) is appended: {@code …/v2/iex}. */
        @WithDefault("wss://stream.data.alpaca.markets/v2")
        String url();

        /** The plan's symbol limit for trades (free plan: 30); the first active tickers by id are subscribed. */
        @WithDefault("30")
        @Min(1)
        int maxSymbols();

        /** Connect this long before the open so the first trades of the session are not missed. */
        @WithDefault("60s")
        Duration connectAhead();

        /** Stay connected this long after the close for trades stamped just before it. */
        @WithDefault("30s")
        Duration disconnectAfter();

        /** First reconnect backoff; doubled per failed attempt, with jitter. */
        @WithDefault("1s")
        Duration reconnectInitialBackoff();

        /** Longest reconnect backoff. */
        @WithDefault("60s")
        Duration reconnectMaxBackoff();

        /** Least wait after Alpaca's 406 (connection limit exceeded): the plan's one connection is held elsewhere. */
        @WithDefault("5m")
        Duration connectionLimitBackoff();

        /** During the session, no trade for this long marks the stream stale (readiness DOWN). */
        @WithDefault("5m")
        Duration staleAfter();
    }

    /** Validation of bars and trades. */
    interface Validation {

        /** A bar's log return further than this many robust standard deviations (1.4826 × MAD) from the median is a price jump. */
        @WithDefault("10")
        @Positive
        double jumpThreshold();

        /** Fewest returns in a ticker-week before jumps are judged (a MAD of a handful of returns means nothing). */
        @WithDefault("30")
        @Min(3)
        int jumpMinReturns();
    }

    /** The synthetic trade generator's settings. */
    interface Synthetic {

        /** When it runs: {@code off}, {@code outside-market-hours} (by the NYSE calendar) or {@code always}. */
        @WithDefault("always")
        SyntheticMode mode();

        /** Trades per active ticker per second; ignored when {@link #unthrottled()}. */
        @WithDefault("1")
        @Positive
        double tradesPerTickerPerSecond();

        /** Produce as fast as Kafka accepts (benchmarks); prices still step as if at {@link #tradesPerTickerPerSecond()}. */
        @WithDefault("false")
        boolean unthrottled();

        /** Seed of every ticker's random stream: the same seed replays the same prices and sizes. */
        @WithDefault("42")
        long seed();

        /** Volatility of log returns per trading year. */
        @WithDefault("0.3")
        @Positive
        double annualVolatility();

        /** Half-life of the pull back towards {@code avg_simulated_price}, in trading time. */
        @WithDefault("P5D")
        Duration reversionHalfLife();

        /** Anchor price for a company whose {@code avg_simulated_price} is not set. */
        @WithDefault("100")
        @Positive
        double defaultAnchorPrice();
    }
}
