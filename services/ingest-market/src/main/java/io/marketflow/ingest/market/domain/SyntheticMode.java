package io.marketflow.ingest.market.domain;

import java.time.Instant;

import io.marketflow.calendar.MarketCalendar;

/**
 * When the synthetic trade generator runs.
 */
public enum SyntheticMode {
    /** Never: only real feeds produce trades. */
    OFF,
    /** Only while the regular session is closed by the calendar (the original system's behaviour, now holiday-aware). */
    OUTSIDE_MARKET_HOURS,
    /** Always: the local default, so that a laptop has data at any hour. */
    ALWAYS;

    /**
     * @param instant now
     * @param calendar the exchange calendar
     * @return true when the generator should produce trades at that instant
     */
    public boolean emitsAt(Instant instant, MarketCalendar calendar) {
        return switch (this) {
            case OFF -> false;
            case OUTSIDE_MARKET_HOURS -> !calendar.isOpen(instant);
            case ALWAYS -> true;
        };
    }
}
