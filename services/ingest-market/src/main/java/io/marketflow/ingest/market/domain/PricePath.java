package io.marketflow.ingest.market.domain;

import java.util.SplittableRandom;

/**
 * One ticker's simulated price: geometric Brownian motion in log space with a weak pull back towards an anchor price
 * (an exponential Ornstein–Uhlenbeck process). Intraday it behaves like GBM; over weeks it stays near the anchor,
 * so a long local run does not drift to absurd prices. Each step advances a fixed simulated time, so that the path is
 * a pure function of the seed and the step count, whatever the wall clock does.
 */
final class PricePath {

    private final SplittableRandom random;
    private final double anchorLog;
    private final double reversionPerStep;
    private final double volatilityPerStep;
    private final double driftCorrection;
    private double logPrice;

    PricePath(SplittableRandom random, double anchorPrice, double stepYears, double annualVolatility, double reversionPerYear) {
        this.random = random;
        this.anchorLog = Math.log(anchorPrice);
        this.reversionPerStep = reversionPerYear * stepYears;
        this.volatilityPerStep = annualVolatility * Math.sqrt(stepYears);
        // Itô: E[S] stays at the anchor only if the log drifts down by σ²/2 per unit time.
        this.driftCorrection = 0.5 * annualVolatility * annualVolatility * stepYears;
        this.logPrice = anchorLog;
    }

    /**
     * @return the next price, unrounded
     */
    double step() {
        logPrice += reversionPerStep * (anchorLog - logPrice) - driftCorrection + volatilityPerStep * random.nextGaussian();
        return Math.exp(logPrice);
    }

    SplittableRandom random() {
        return random;
    }
}
