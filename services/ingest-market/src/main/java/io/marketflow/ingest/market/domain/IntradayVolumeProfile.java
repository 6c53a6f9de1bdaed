package io.marketflow.ingest.market.domain;

import java.time.Instant;

import io.marketflow.calendar.MarketCalendar;
import io.marketflow.calendar.TradingSession;

/**
 * The U-shaped intraday volume of US equities: heavy at the open and the close, light at midday.
 * {@code a + b·(2u−1)²} over the session's elapsed fraction u, with a = 0.5 and b = 1.5 so the session mean is 1 and
 * the open trades four times the midday volume; outside the session, a flat {@value #OFF_SESSION_FACTOR}.
 */
public final class IntradayVolumeProfile {

    /** Factor outside the regular session: extended-hours trading is thin. */
    public static final double OFF_SESSION_FACTOR = 0.25;

    private static final double BASE = 0.5;
    private static final double CURVE = 1.5;

    private final MarketCalendar calendar;

    /**
     * @param calendar the exchange calendar that says where a session starts and ends
     */
    public IntradayVolumeProfile(MarketCalendar calendar) {
        this.calendar = calendar;
    }

    /**
     * @param instant when the trade happens
     * @return the volume multiplier at that instant; mean 1 over a regular session
     */
    public double factor(Instant instant) {
        return calendar.sessionAt(instant).map(session -> factor(session, instant)).orElse(OFF_SESSION_FACTOR);
    }

    static double factor(TradingSession session, Instant instant) {
        double elapsed = instant.toEpochMilli() - session.openInstant().toEpochMilli();
        double u = elapsed / session.duration().toMillis();
        double centred = 2 * u - 1;
        return BASE + CURVE * centred * centred;
    }
}
