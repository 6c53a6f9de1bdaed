package io.marketflow.ingest.market.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.marketflow.calendar.MarketCalendar;

class SyntheticModeTest {

    private final MarketCalendar nyse = MarketCalendar.nyse();
    private final Instant tuesdayMorning = Instant.parse("2026-11-17T15:00:00Z");
    private final Instant thanksgivingMorning = Instant.parse("2026-11-26T15:00:00Z");
    private final Instant tuesdayNight = Instant.parse("2026-11-18T02:00:00Z");

    @Test
    void outsideMarketHoursRunsOnlyWhileTheSessionIsClosed() {
        assertThat(SyntheticMode.OUTSIDE_MARKET_HOURS.emitsAt(tuesdayMorning, nyse)).isFalse();
        assertThat(SyntheticMode.OUTSIDE_MARKET_HOURS.emitsAt(tuesdayNight, nyse)).isTrue();
    }

    @Test
    void outsideMarketHoursRunsOnHolidaysUnlikeTheOriginalClockCheck() {
        assertThat(SyntheticMode.OUTSIDE_MARKET_HOURS.emitsAt(thanksgivingMorning, nyse)).isTrue();
    }

    @Test
    void alwaysAndOffIgnoreTheCalendar() {
        assertThat(SyntheticMode.ALWAYS.emitsAt(tuesdayMorning, nyse)).isTrue();
        assertThat(SyntheticMode.OFF.emitsAt(tuesdayNight, nyse)).isFalse();
    }
}
