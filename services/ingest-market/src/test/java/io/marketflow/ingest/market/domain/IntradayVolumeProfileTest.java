package io.marketflow.ingest.market.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.time.LocalDate;

import org.junit.jupiter.api.Test;

import io.marketflow.calendar.MarketCalendar;
import io.marketflow.calendar.TradingSession;

class IntradayVolumeProfileTest {

    private final MarketCalendar nyse = MarketCalendar.nyse();
    private final IntradayVolumeProfile profile = new IntradayVolumeProfile(nyse);

    @Test
    void isUShapedOverARegularSession() {
        // 2026-11-17: EST, session 14:30Z–21:00Z.
        double open = profile.factor(Instant.parse("2026-11-17T14:30:00Z"));
        double midday = profile.factor(Instant.parse("2026-11-17T17:45:00Z"));
        double close = profile.factor(Instant.parse("2026-11-17T20:59:59Z"));
        assertThat(open).isCloseTo(2.0, within(1e-9));
        assertThat(midday).isCloseTo(0.5, within(1e-9));
        assertThat(close).isCloseTo(2.0, within(1e-3));
    }

    @Test
    void averagesOneOverTheSession() {
        TradingSession session = nyse.session(LocalDate.of(2026, 11, 17)).orElseThrow();
        long minutes = session.duration().toMinutes();
        double sum = 0;
        for (long m = 0; m < minutes; m++) {
            sum += IntradayVolumeProfile.factor(session, session.openInstant().plusSeconds(m * 60 + 30));
        }
        assertThat(sum / minutes).isCloseTo(1.0, within(1e-3));
    }

    @Test
    void followsTheShorterSessionOfAnEarlyClose() {
        // 2026-11-27 closes at 13:00 New York (18:00Z): its close is 18:00Z, not 21:00Z.
        assertThat(profile.factor(Instant.parse("2026-11-27T17:59:59Z"))).isCloseTo(2.0, within(1e-3));
        assertThat(profile.factor(Instant.parse("2026-11-27T19:00:00Z"))).isEqualTo(IntradayVolumeProfile.OFF_SESSION_FACTOR);
    }

    @Test
    void isFlatAndLowOutsideTheSession() {
        assertThat(profile.factor(Instant.parse("2026-11-22T15:00:00Z"))).isEqualTo(IntradayVolumeProfile.OFF_SESSION_FACTOR);
        assertThat(profile.factor(Instant.parse("2026-11-26T15:00:00Z"))).isEqualTo(IntradayVolumeProfile.OFF_SESSION_FACTOR);
    }
}
