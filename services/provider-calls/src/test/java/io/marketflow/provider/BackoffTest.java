package io.marketflow.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.marketflow.provider.Backoff.Jitter;

/** The backoff's arithmetic, with the random number given. */
class BackoffTest {

    @Test
    void theCeilingDoublesPerAttemptUpToTheCap() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), Jitter.NONE);
        assertThat(backoff.delay(1, 0.3)).isEqualTo(Duration.ofMillis(100));
        assertThat(backoff.delay(2, 0.3)).isEqualTo(Duration.ofMillis(200));
        assertThat(backoff.delay(4, 0.3)).isEqualTo(Duration.ofMillis(800));
        assertThat(backoff.delay(5, 0.3)).isEqualTo(Duration.ofSeconds(1));
        // A long outage must not overflow the shift into a negative or tiny delay.
        assertThat(backoff.delay(10_000, 0.3)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void fullJitterSpansZeroToTheCeiling() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), Jitter.FULL);
        assertThat(backoff.delay(3, 0.0)).isEqualTo(Duration.ZERO);
        assertThat(backoff.delay(3, 0.5)).isEqualTo(Duration.ofMillis(200));
        assertThat(backoff.delay(3, 1.0)).isEqualTo(Duration.ofMillis(400));
    }

    @Test
    void equalJitterKeepsTheLowerHalf() {
        Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), Jitter.EQUAL);
        assertThat(backoff.delay(1, 0.0)).isEqualTo(Duration.ofMillis(500));
        assertThat(backoff.delay(2, 0.0)).isEqualTo(Duration.ofSeconds(1));
        assertThat(backoff.delay(3, 0.0)).isEqualTo(Duration.ofSeconds(2));
        assertThat(backoff.delay(40, 0.999999)).isGreaterThan(Duration.ofSeconds(59)).isLessThanOrEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void refusesBackoffsThatCannotBackOff() {
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1), Jitter.FULL)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), Jitter.FULL))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetryPolicy(0, Duration.ofSeconds(1), Duration.ofSeconds(2))).hasMessageContaining("max-attempts");
    }

    @Test
    void aPolicyCapsAProvidersWait() {
        RetryPolicy policy = new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(30));
        assertThat(policy.cap(Duration.ofHours(2))).isEqualTo(Duration.ofSeconds(30));
        assertThat(policy.cap(Duration.ofSeconds(5))).isEqualTo(Duration.ofSeconds(5));
        assertThat(policy.backoff().jitter()).isEqualTo(Jitter.FULL);
    }

    @Test
    void attemptsCountFailuresUntilAReset() {
        Backoff.Attempts attempts = new Backoff.Attempts(new Backoff(Duration.ofMillis(200), Duration.ofSeconds(1), Jitter.NONE), () -> 0.5);
        assertThat(attempts.next()).isEqualTo(Duration.ofMillis(200));
        assertThat(attempts.next()).isEqualTo(Duration.ofMillis(400));
        assertThat(attempts.next()).isEqualTo(Duration.ofMillis(800));
        assertThat(attempts.next()).isEqualTo(Duration.ofSeconds(1));
        assertThat(attempts.failures()).isEqualTo(4);
        attempts.reset();
        assertThat(attempts.failures()).isZero();
        assertThat(attempts.next()).isEqualTo(Duration.ofMillis(200));
    }

    @Test
    void attemptsDrawTheirJitterPerFailure() {
        double[] randoms = {0.0, 1.0};
        int[] drawn = {0};
        Backoff.Attempts attempts = new Backoff.Attempts(new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), Jitter.FULL),
                () -> randoms[drawn[0]++]);
        assertThat(attempts.next()).isEqualTo(Duration.ZERO);
        assertThat(attempts.next()).isEqualTo(Duration.ofMillis(200));
        // the default source stays under the ceiling
        Backoff.Attempts real = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), Jitter.FULL).attempts();
        assertThat(real.next()).isBetween(Duration.ZERO, Duration.ofMillis(100));
    }
}
