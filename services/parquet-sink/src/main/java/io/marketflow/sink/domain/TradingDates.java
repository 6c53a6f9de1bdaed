package io.marketflow.sink.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;

import io.marketflow.calendar.MarketCalendar;

/**
 * {@link MarketCalendar#tradingDate} (the calendar date in the exchange's zone) and its year, remembered for the day of
 * the last instant asked about: trades arrive in time order, a day at a time, and the zone rules' lookup and a new
 * LocalDate per trade were several percent of the trade path.
 *
 * <p>Exact for any zone: the remembered span is the part of that date in which the zone's offset does not change, so
 * every instant in it has that date. Thread-safe without locks: the span is one immutable object, and threads working
 * on different days only cost each other a lookup.
 */
final class TradingDates {

    private final ZoneId zone;
    private final ZoneRules rules;
    private Day last;

    /** @param zone the zone whose calendar dates these are, {@link MarketCalendar#zone()} for trading dates */
    TradingDates(ZoneId zone) {
        this.zone = zone;
        this.rules = zone.getRules();
    }

    /**
     * @param instant any instant
     * @return its date in the zone, as {@link LocalDate#ofInstant} gives it, with the date's year
     * @throws java.time.DateTimeException when the date is out of LocalDate's range
     */
    Day of(Instant instant) {
        long second = instant.getEpochSecond();
        Day day = last;
        if (day == null || second < day.from || second >= day.until) {
            day = dayOf(instant);
            last = day;
        }
        return day;
    }

    private Day dayOf(Instant instant) {
        LocalDate date = LocalDate.ofInstant(instant, zone);
        long second = instant.getEpochSecond();
        // The seconds whose local time falls on that date at this offset...
        long from = date.toEpochDay() * 86_400 - rules.getOffset(instant).getTotalSeconds();
        long until = from + 86_400;
        // ... while the offset is this one: since the last transition at or before the instant, until the next after.
        if (second == Instant.MAX.getEpochSecond()) {
            from = second;
        } else {
            ZoneOffsetTransition previous = rules.previousTransition(Instant.ofEpochSecond(second + 1));
            if (previous != null) {
                from = Math.max(from, previous.toEpochSecond());
            }
        }
        ZoneOffsetTransition next = rules.nextTransition(instant);
        if (next != null) {
            until = Math.min(until, next.toEpochSecond());
        }
        return new Day(from, until, date, date.getYear());
    }

    /**
     * A date and the seconds [from, until) known to fall on it.
     *
     * @param date the date
     * @param year its year, one instance for all of the day's rows
     */
    record Day(long from, long until, LocalDate date, Integer year) {
    }
}
