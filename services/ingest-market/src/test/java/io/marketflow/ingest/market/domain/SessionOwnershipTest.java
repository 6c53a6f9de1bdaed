package io.marketflow.ingest.market.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import io.marketflow.calendar.MarketCalendar;
import io.marketflow.ingest.market.domain.SessionOwnership.Owner;

class SessionOwnershipTest {

    private static final MarketCalendar NYSE = MarketCalendar.nyse();
    private final SessionOwnership withRealtime = new SessionOwnership(NYSE, true);
    private final SessionOwnership withoutRealtime = new SessionOwnership(NYSE, false);

    @Test
    void realOwnsFromTheOpenInclusiveAndSyntheticStopsExactlyThere() {
        // Monday 2026-03-02 09:30 New York (EST) = 14:30Z.
        Instant open = fixed("2026-03-02T14:30:00Z");
        assertThat(withRealtime.ownerAt(open.minusNanos(1))).isEqualTo(Owner.SYNTHETIC);
        assertThat(withRealtime.ownerAt(open)).isEqualTo(Owner.REAL);
        assertThat(withRealtime.syntheticEmitsAt(open.minusNanos(1), SyntheticMode.OUTSIDE_MARKET_HOURS)).isTrue();
        assertThat(withRealtime.syntheticEmitsAt(open, SyntheticMode.OUTSIDE_MARKET_HOURS)).isFalse();
        assertThat(NYSE.nextOpen(open.minusSeconds(3600))).isEqualTo(open);
    }

    @Test
    void syntheticResumesExactlyAtTheClose() {
        // Monday 2026-07-13 16:00 New York (EDT) = 20:00Z.
        Instant close = fixed("2026-07-13T20:00:00Z");
        assertThat(withRealtime.ownerAt(close.minusNanos(1))).isEqualTo(Owner.REAL);
        assertThat(withRealtime.ownerAt(close)).isEqualTo(Owner.SYNTHETIC);
        assertThat(withRealtime.syntheticEmitsAt(close, SyntheticMode.OUTSIDE_MARKET_HOURS)).isTrue();
        assertThat(withRealtime.nextHandover(close.minusSeconds(60))).isEqualTo(close);
    }

    @Test
    void anEarlyCloseHandsOverAt13NewYork() {
        // Friday 2026-11-27, the day after Thanksgiving: closes at 13:00 EST = 18:00Z.
        Instant earlyClose = fixed("2026-11-27T18:00:00Z");
        assertThat(withRealtime.ownerAt(earlyClose.minusNanos(1))).isEqualTo(Owner.REAL);
        assertThat(withRealtime.ownerAt(earlyClose)).isEqualTo(Owner.SYNTHETIC);
        assertThat(withRealtime.ownerAt(fixed("2026-11-27T20:00:00Z"))).isEqualTo(Owner.SYNTHETIC);
        assertThat(withRealtime.syntheticEmitsAt(fixed("2026-11-27T19:00:00Z"), SyntheticMode.OUTSIDE_MARKET_HOURS)).isTrue();
        assertThat(withRealtime.nextHandover(fixed("2026-11-27T15:00:00Z"))).isEqualTo(earlyClose);
    }

    @Test
    void aHolidayIsSyntheticAllDay() {
        // Thanksgiving 2026-11-26: closed; 11:00 New York would be mid-session on a normal Thursday.
        Instant midday = fixed("2026-11-26T16:00:00Z");
        assertThat(withRealtime.ownerAt(midday)).isEqualTo(Owner.SYNTHETIC);
        assertThat(withRealtime.streamWindowContains(midday, java.time.Duration.ofSeconds(60), java.time.Duration.ofSeconds(30)))
                .isFalse();
        assertThat(withRealtime.nextHandover(midday)).isEqualTo(Instant.parse("2026-11-27T14:30:00Z"));
    }

    @Test
    void withoutTheRealtimeStreamSyntheticCoversTheSession() {
        Instant midSession = fixed("2026-03-02T16:00:00Z");
        assertThat(withoutRealtime.ownerAt(midSession)).isEqualTo(Owner.SYNTHETIC);
        assertThat(withoutRealtime.syntheticEmitsAt(midSession, SyntheticMode.OUTSIDE_MARKET_HOURS)).isTrue();
        assertThat(withRealtime.syntheticEmitsAt(midSession, SyntheticMode.OFF)).isFalse();
        assertThat(withRealtime.syntheticEmitsAt(midSession, SyntheticMode.ALWAYS)).isTrue();
    }

    @Test
    void theStreamConnectsAheadOfTheOpenAndLingersAfterTheClose() {
        var ahead = java.time.Duration.ofSeconds(60);
        var after = java.time.Duration.ofSeconds(30);
        assertThat(withRealtime.streamWindowContains(fixed("2026-03-02T14:29:00Z"), ahead, after)).isTrue();
        assertThat(withRealtime.streamWindowContains(fixed("2026-03-02T14:28:59Z"), ahead, after)).isFalse();
        assertThat(withRealtime.streamWindowContains(fixed("2026-03-02T21:00:29Z"), ahead, after)).isTrue();
        assertThat(withRealtime.streamWindowContains(fixed("2026-03-02T21:00:31Z"), ahead, after)).isFalse();
        assertThat(withoutRealtime.streamWindowContains(fixed("2026-03-02T16:00:00Z"), ahead, after)).isFalse();
    }

    /** The instant a clock pinned there reports, as the service's injected Clock would. */
    private static Instant fixed(String instant) {
        return Clock.fixed(Instant.parse(instant), ZoneOffset.UTC).instant();
    }
}
