package io.marketflow.aggregator.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

/** The wall-clock close of a minute nobody trades after. */
class MinuteBarRollerTest {

    private static final Instant MINUTE = Instant.parse("2026-12-07T15:00:00Z");
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(10);

    @Test
    void aMinuteClosesCloseGraceAfterItsEndWhenItsTradesCameInTime() {
        MinuteBarRoller roller = new MinuteBarRoller(Duration.ofSeconds(5));
        roller.add("AAPL", MINUTE.plusSeconds(20), 200.0, 3, 0, null, MINUTE.plusSeconds(21));
        roller.add("AAPL", MINUTE.plusSeconds(40), 201.0, 2, 1, null, MINUTE.plusSeconds(41));
        Instant end = MINUTE.plusSeconds(60);

        assertThat(roller.closeByClock(end.plus(CLOSE_GRACE).minusMillis(1), CLOSE_GRACE)).isEmpty();
        assertThat(roller.closeByClock(end.plus(CLOSE_GRACE), CLOSE_GRACE))
                .containsExactly(new MinuteBar("AAPL", MINUTE, 200.0, 201.0, 200.0, 201.0, 5));
        assertThat(roller.firstOpenOffset()).isEqualTo(Long.MAX_VALUE);
        // a trade of the closed minute read afterwards is late: dropped, no second bar
        assertThat(roller.add("AAPL", MINUTE.plusSeconds(50), 250.0, 1, 2, MINUTE, end.plusSeconds(30))).isEmpty();
        assertThat(roller.lateTrades()).isEqualTo(1);
        assertThat(roller.closeByClock(end.plusSeconds(600), CLOSE_GRACE)).isEmpty();
    }

    @Test
    void anOldMinuteReadJustNowWaitsCloseGraceAfterItsLastTradeWasRead() {
        MinuteBarRoller roller = new MinuteBarRoller(Duration.ofSeconds(5));
        Instant readAt = MINUTE.plus(Duration.ofDays(3));
        roller.add("AAPL", MINUTE.plusSeconds(20), 200.0, 3, 0, null, readAt);

        assertThat(roller.closeByClock(readAt.plusSeconds(9), CLOSE_GRACE)).isEmpty();
        assertThat(roller.closeByClock(readAt.plus(CLOSE_GRACE), CLOSE_GRACE)).hasSize(1);
    }
}
