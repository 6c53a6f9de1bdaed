package io.marketflow.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class PollPaceTest {

    private static final Instant START = Instant.parse("2026-12-07T13:00:00Z");

    @Test
    void firstPollIsDueAtOnceWhateverTheInterval() {
        PollPace pace = new PollPace(Duration.ofMinutes(16));

        assertThat(pace.take(START)).isTrue();
    }

    @Test
    void nextPollIsDueOneIntervalAfterThePollStarted() {
        PollPace pace = new PollPace(Duration.ofMinutes(16));
        pace.take(START);

        assertThat(pace.take(START.plusSeconds(10))).isFalse();
        assertThat(pace.take(START.plus(Duration.ofMinutes(16)).minusMillis(1))).isFalse();
        assertThat(pace.take(START.plus(Duration.ofMinutes(16)))).isTrue();
        assertThat(pace.take(START.plus(Duration.ofMinutes(17)))).isFalse();
    }

    @Test
    void aLateTickPacesFromWhenItPolled() {
        PollPace pace = new PollPace(Duration.ofMinutes(1));
        pace.take(START);

        assertThat(pace.take(START.plus(Duration.ofMinutes(5)))).isTrue();
        assertThat(pace.take(START.plus(Duration.ofMinutes(5)).plusSeconds(59))).isFalse();
        assertThat(pace.take(START.plus(Duration.ofMinutes(6)))).isTrue();
    }

    @Test
    void rejectsAnIntervalThatIsNotPositive() {
        assertThatThrownBy(() -> new PollPace(Duration.ZERO)).hasMessageContaining("positive");
    }
}
