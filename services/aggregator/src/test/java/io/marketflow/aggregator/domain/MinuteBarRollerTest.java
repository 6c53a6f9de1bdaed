package io.marketflow.aggregator.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

/** The wall-clock close of a minute nobody trades after, and the count of bars still open. */
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

    @Test
    void theOpenBarsAreOnePerTickerUntilTheyClose() {
        MinuteBarRoller roller = new MinuteBarRoller(Duration.ofSeconds(5));
        assertThat(roller.openBars()).isZero();
        roller.add("AAPL", MINUTE.plusSeconds(10), 200.0, 1, 0, null, MINUTE.plusSeconds(11));
        roller.add("MSFT", MINUTE.plusSeconds(20), 400.0, 1, 1, null, MINUTE.plusSeconds(21));
        roller.add("AAPL", MINUTE.plusSeconds(30), 201.0, 1, 2, null, MINUTE.plusSeconds(31));
        assertThat(roller.openBars()).isEqualTo(2);

        // AAPL's next minute closes its first bar and opens another: still one open per ticker
        assertThat(roller.add("AAPL", MINUTE.plusSeconds(61), 202.0, 1, 3, null, MINUTE.plusSeconds(62))).hasSize(1);
        assertThat(roller.openBars()).isEqualTo(2);
        // the watermark (AAPL at :01:01, grace 5 s) has not passed MSFT's minute end + grace (:01:05)
        assertThat(roller.closeByWatermark()).isEmpty();
        assertThat(roller.openBars()).isEqualTo(2);

        assertThat(roller.closeByClock(MINUTE.plusSeconds(120).plus(CLOSE_GRACE), CLOSE_GRACE)).hasSize(2);
        assertThat(roller.openBars()).isZero();
    }
}
