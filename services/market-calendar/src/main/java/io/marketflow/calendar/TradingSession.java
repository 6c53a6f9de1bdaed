package io.marketflow.calendar;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.Objects;

/**
 * One regular trading session: the half-open interval [open, close) of a New York trading date.
 *
 * @param date       the New York trading date of the session
 * @param open       the opening time, in America/New_York
 * @param close      the closing time, in America/New_York (13:00 on early-close days, otherwise 16:00)
 * @param earlyClose true if the session closes early
 */
public record TradingSession(LocalDate date, ZonedDateTime open, ZonedDateTime close, boolean earlyClose) {

    /**
     * Checks the session is non-empty and lies on its own date.
     *
     * @param date       the trading date
     * @param open       the opening time
     * @param close      the closing time
     * @param earlyClose whether the session closes early
     */
    public TradingSession {
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(open, "open");
        Objects.requireNonNull(close, "close");
        if (!open.isBefore(close)) {
            throw new IllegalArgumentException("open " + open + " must be before close " + close);
        }
        if (!open.toLocalDate().equals(date) || !close.toLocalDate().equals(date)) {
            throw new IllegalArgumentException("session " + open + ".." + close + " is not on " + date);
        }
    }

    /**
     * The opening time as an instant.
     *
     * @return the first instant of the session
     */
    public Instant openInstant() {
        return open.toInstant();
    }

    /**
     * The closing time as an instant; it is not part of the session.
     *
     * @return the first instant after the session
     */
    public Instant closeInstant() {
        return close.toInstant();
    }

    /**
     * Whether an instant lies inside the session. The open is included and the close is not, so a boundary instant
     * belongs to exactly one side and a bar starting at 16:00 is never counted as in-session.
     *
     * @param instant the instant to test
     * @return true if {@code open <= instant < close}
     */
    public boolean contains(Instant instant) {
        return !instant.isBefore(openInstant()) && instant.isBefore(closeInstant());
    }

    /**
     * The length of the session (6h30 on a full day, 3h30 on an early close).
     *
     * @return the time between open and close
     */
    public Duration duration() {
        return Duration.between(open, close);
    }
}
