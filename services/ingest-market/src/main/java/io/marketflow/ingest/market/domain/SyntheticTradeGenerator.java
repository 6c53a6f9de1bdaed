package io.marketflow.ingest.market.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

import io.marketflow.contract.Trade;

/**
 * Makes realistic, reproducible synthetic trades: each ticker's price follows its own seeded {@link PricePath}
 * around its anchor price, sizes are log-normal around 100 shares scaled by the {@link IntradayVolumeProfile}, half of
 * the trades of 100 shares or more are round lots, and prices are quoted in whole cents (Reg NMS forbids sub-penny
 * quotes above $1). The same seed and the same sequence of calls give the same prices and sizes.
 */
public final class SyntheticTradeGenerator {

    /** Seconds in a trading year: 252 sessions of 6.5 hours. Volatility is quoted per trading year. */
    static final double TRADING_SECONDS_PER_YEAR = 252 * 6.5 * 3600;

    private static final double MEDIAN_SIZE = 100;
    private static final double SIZE_SIGMA = 0.9;
    private static final double ROUND_LOT_SHARE = 0.5;

    private final long seed;
    private final double stepYears;
    private final double annualVolatility;
    private final double reversionPerYear;
    private final IntradayVolumeProfile profile;
    private final Map<String, PricePath> paths = new ConcurrentHashMap<>();

    /**
     * @param seed the seed every ticker's random stream derives from
     * @param step the simulated time between two trades of one ticker
     * @param annualVolatility σ of log returns per trading year, e.g. 0.3
     * @param reversionHalfLife how long the pull towards the anchor takes to halve a deviation
     * @param profile the intraday volume profile
     */
    public SyntheticTradeGenerator(long seed, Duration step, double annualVolatility, Duration reversionHalfLife,
            IntradayVolumeProfile profile) {
        this.seed = seed;
        this.stepYears = step.toNanos() / 1e9 / TRADING_SECONDS_PER_YEAR;
        this.annualVolatility = annualVolatility;
        this.reversionPerYear = Math.log(2) / (reversionHalfLife.toSeconds() / TRADING_SECONDS_PER_YEAR);
        this.profile = profile;
    }

    /**
     * @param ticker the ticker
     * @param anchorPrice the price the ticker's path revolves around (its {@code avg_simulated_price})
     * @param timestamp the trade's time
     * @return the ticker's next synthetic trade
     */
    public Trade next(String ticker, double anchorPrice, Instant timestamp) {
        PricePath path = paths.computeIfAbsent(ticker, t -> new PricePath(randomFor(t), anchorPrice, stepYears, annualVolatility,
                reversionPerYear));
        // One ticker's trades are produced in order by one thread at a time; the lock only guards against misuse.
        synchronized (path) {
            double price = cents(path.step());
            double size = size(path.random(), profile.factor(timestamp));
            return Trade.synthetic(ticker, timestamp, price, size);
        }
    }

    private SplittableRandom randomFor(String ticker) {
        // Seed per ticker from (seed, ticker) only: adding or removing a ticker never changes another ticker's path.
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L ^ ticker.hashCode());
    }

    static double size(SplittableRandom random, double volumeFactor) {
        double raw = MEDIAN_SIZE * volumeFactor * Math.exp(SIZE_SIGMA * random.nextGaussian());
        long shares = Math.max(1, Math.round(raw));
        if (shares >= 100 && random.nextDouble() < ROUND_LOT_SHARE) {
            shares = Math.round(shares / 100.0) * 100;
        }
        return shares;
    }

    static double cents(double price) {
        // Math.rint rounds half to even, like a banker; dividing by 100 gives the nearest double to the cent value.
        return Math.max(0.01, Math.rint(price * 100) / 100);
    }
}
