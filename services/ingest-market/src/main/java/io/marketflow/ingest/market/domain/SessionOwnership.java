package io.marketflow.ingest.market.domain;

import java.time.Duration;
import java.time.Instant;

import io.marketflow.calendar.MarketCalendar;

/**
 * Decides, by the calendar alone, which producer owns an instant of {@code stock_trades}: the real-time stream owns the
 * regular session [open, close) when it is available, the synthetic generator everything else, so that the two never
 * overlap and leave no gap at a boundary.
 */
public final class SessionOwnership {

    /** Who publishes trades stamped at an instant. */
    public enum Owner {
        /** Alpaca's real-time stream. */
        REAL,
        /** The synthetic generator. */
        SYNTHETIC
    }

    private final MarketCalendar calendar;
    private final boolean realtimeAvailable;

    /**
     * @param calendar the exchange calendar
     * @param realtimeAvailable true when the real-time stream is enabled and has its keys; false makes synthetic own all
     */
    public SessionOwnership(MarketCalendar calendar, boolean realtimeAvailable) {
        this.calendar = calendar;
        this.realtimeAvailable = realtimeAvailable;
    }

    /**
     * @param instant a trade's timestamp, or now
     * @return the producer that owns it
     */
    public Owner ownerAt(Instant instant) {
        return realtimeAvailable && calendar.isOpen(instant) ? Owner.REAL : Owner.SYNTHETIC;
    }

    /**
     * @param instant now
     * @param mode the synthetic generator's mode
     * @return true when the synthetic generator publishes at that instant
     */
    public boolean syntheticEmitsAt(Instant instant, SyntheticMode mode) {
        return switch (mode) {
            case OFF -> false;
            // Not mode.emitsAt: without a real-time stream the generator covers the session too, so there is no gap.
            case OUTSIDE_MARKET_HOURS -> ownerAt(instant) == Owner.SYNTHETIC;
            case ALWAYS -> true;
        };
    }

    /**
     * @param instant now
     * @param connectAhead how long before the open the stream connects
     * @param disconnectAfter how long after the close it stays connected
     * @return true when the real-time stream should be connected at that instant
     */
    public boolean streamWindowContains(Instant instant, Duration connectAhead, Duration disconnectAfter) {
        // Sessions last hours and these margins seconds, so checking the three instants is exact.
        return realtimeAvailable && (calendar.isOpen(instant) || calendar.isOpen(instant.plus(connectAhead))
                || calendar.isOpen(instant.minus(disconnectAfter)));
    }

    /**
     * @return true when the real-time stream is enabled and has its keys
     */
    public boolean realtimeAvailable() {
        return realtimeAvailable;
    }

    /**
     * @param instant now
     * @return when ownership changes next (the next open or close)
     */
    public Instant nextHandover(Instant instant) {
        return calendar.nextBoundary(instant);
    }
}
