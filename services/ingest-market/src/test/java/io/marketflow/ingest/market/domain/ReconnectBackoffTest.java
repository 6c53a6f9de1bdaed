package io.marketflow.ingest.market.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class ReconnectBackoffTest {

    @Test
    void doublesUpToTheCapWithJitterInTheUpperHalf() {
        ReconnectBackoff low = new ReconnectBackoff(Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofMinutes(5), () -> 0.0);
        assertThat(low.nextDelay()).isEqualTo(Duration.ofMillis(500));
        assertThat(low.nextDelay()).isEqualTo(Duration.ofSeconds(1));
        assertThat(low.nextDelay()).isEqualTo(Duration.ofSeconds(2));
        ReconnectBackoff high = new ReconnectBackoff(Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofMinutes(5), () -> 0.999999);
        for (int i = 0; i < 40; i++) {
            assertThat(high.nextDelay()).isLessThanOrEqualTo(Duration.ofSeconds(60));
        }
        assertThat(high.nextDelay()).isGreaterThan(Duration.ofSeconds(59));
    }

    @Test
    void waitsAtLeastTheConnectionLimitBackoffAfterA406AndStartsOverAfterSuccess() {
        ReconnectBackoff backoff = new ReconnectBackoff(Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofMinutes(5), () -> 0.5);
        assertThat(backoff.afterConnectionLimit()).isEqualTo(Duration.ofMinutes(5));
        backoff.nextDelay();
        backoff.reset();
        assertThat(backoff.nextDelay()).isLessThanOrEqualTo(Duration.ofSeconds(1));
    }
}
