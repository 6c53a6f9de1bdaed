package io.marketflow.query.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Rates from end-offset samples, the ring's bounds, and topics that appear or restart. */
class ThroughputHistoryTest {

    private static final Instant T0 = Instant.parse("2026-01-05T15:00:00Z");

    @Test
    void rateIsTheEndOffsetDifferenceOverTheSpanAndSkipsSamplesBeforeTheTopicExisted() {
        ThroughputHistory h = new ThroughputHistory(Duration.ofHours(1), Duration.ofSeconds(10));
        h.add(sample(0, Map.of("a", 100L)));
        h.add(sample(10, Map.of("a", 150L, "b", 0L)));
        h.add(sample(20, Map.of("a", 250L, "b", 40L)));

        assertThat(h.rate("a", Duration.ofMinutes(1))).hasValue(7.5);
        // b is unknown in the first sample: measured from the second.
        assertThat(h.rate("b", Duration.ofMinutes(1))).hasValue(4.0);
        // A span shorter than a step: the last step.
        assertThat(h.rate("a", Duration.ofSeconds(1))).hasValue(10.0);
        assertThat(h.rate("c", Duration.ofMinutes(1))).isEmpty();
        assertThat(h.points("a")).extracting(ThroughputHistory.Point::recordsPerSecond).containsExactly(5.0, 10.0);
        assertThat(h.points("b")).extracting(ThroughputHistory.Point::recordsPerSecond).containsExactly(4.0);
    }

    @Test
    void aRecreatedTopicIsNoNegativeRateAndTheRingKeepsOnlyTheWindow() {
        ThroughputHistory h = new ThroughputHistory(Duration.ofSeconds(30), Duration.ofSeconds(10));
        h.add(sample(0, Map.of("a", 500L)));
        h.add(sample(10, Map.of("a", 3L)));
        assertThat(h.points("a")).extracting(ThroughputHistory.Point::recordsPerSecond).containsExactly(0.0);

        for (int i = 2; i < 10; i++) {
            h.add(sample(i * 10, Map.of("a", 3L + i)));
        }
        assertThat(h.samples()).hasSize(4);
        assertThat(h.samples().get(0).at()).isEqualTo(T0.plusSeconds(60));
    }

    private static ThroughputHistory.Sample sample(int seconds, Map<String, Long> ends) {
        return new ThroughputHistory.Sample(T0.plusSeconds(seconds), ends, Map.of());
    }
}
