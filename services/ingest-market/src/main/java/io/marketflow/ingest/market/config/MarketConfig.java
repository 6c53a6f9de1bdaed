package io.marketflow.ingest.market.config;

import java.time.Duration;

import jakarta.validation.constraints.Positive;

import io.marketflow.ingest.market.domain.SyntheticMode;
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
