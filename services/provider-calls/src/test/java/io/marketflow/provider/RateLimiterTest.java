package io.marketflow.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** The request budget's arithmetic (no timing assertions: the spacing is computed, not measured). */
class RateLimiterTest {

    @Test
    void finnhubsFreePlanSpacesRequestsBySlightlyMoreThanASecond() {
        assertThat(new RateLimiter(55).interval()).isGreaterThan(Duration.ofSeconds(1));
        assertThat(new RateLimiter(60).interval()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void aPauseHoldsBackTheNextRequest() throws InterruptedException {
        RateLimiter limiter = new RateLimiter(6000);
        limiter.pauseFor(Duration.ofMillis(50));
        long before = System.nanoTime();
        limiter.acquire();
        assertThat(Duration.ofNanos(System.nanoTime() - before)).isGreaterThanOrEqualTo(Duration.ofMillis(40));
    }
}
