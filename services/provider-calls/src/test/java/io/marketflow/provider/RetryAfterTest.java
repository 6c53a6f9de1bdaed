package io.marketflow.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;


import org.junit.jupiter.api.Test;

/** Every form of "wait this long" the providers send. */
class RetryAfterTest {

    private static final Instant NOW = Instant.parse("2026-03-02T15:00:00Z");

    @Test
    void readsDeltaSecondsAndHttpDates() {
        assertThat(RetryAfter.parse(" 7 ", NOW)).isEqualTo(Duration.ofSeconds(7));
        assertThat(RetryAfter.parse("Mon, 02 Mar 2026 15:00:30 GMT", NOW)).isEqualTo(Duration.ofSeconds(30));
        assertThat(RetryAfter.parse("Mon, 02 Mar 2026 14:00:00 GMT", NOW)).isEqualTo(Duration.ZERO);
        assertThat(RetryAfter.parse("soon", NOW)).isNull();
    }

    @Test
    void fallsBackToTheEpochSecondResetHeaders() {
        long reset = NOW.plusSeconds(90).getEpochSecond();
        assertThat(RetryAfter.of(StubResponse.of(429).header("x-rate-limit-reset", reset), NOW)).isEqualTo(Duration.ofSeconds(90));
        assertThat(RetryAfter.of(StubResponse.of(429).header("ratelimit-reset", reset), NOW)).isEqualTo(Duration.ofSeconds(90));
        assertThat(RetryAfter.of(StubResponse.of(429).header("Retry-After", "3").header("ratelimit-reset", reset), NOW))
                .isEqualTo(Duration.ofSeconds(3));
        assertThat(RetryAfter.of(StubResponse.of(429), NOW)).isNull();
        assertThat(RetryAfter.untilEpochSecond("x", NOW)).isNull();
    }
}
