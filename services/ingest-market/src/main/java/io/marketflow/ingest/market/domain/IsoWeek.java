package io.marketflow.ingest.market.domain;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;

import io.marketflow.calendar.MarketCalendar;

/**
 * One ISO week of a backfill, clipped to the backfill's dates: the unit of work, of progress and of one
 * {@code h_alpaca} message per ticker.
 *
 * @param year ISO week-based year
 * @param week ISO week number
 * @param from first New York date covered (a Monday, or the backfill's start)
 * @param through last New York date covered (a Sunday, or the backfill's end)
 */
public record IsoWeek(int year, int week, LocalDate from, LocalDate through) {

    /**
     * @return the first instant of the covered dates, midnight New York (DST-aware)
     */
    public Instant start() {
        return from.atStartOfDay(MarketCalendar.NEW_YORK).toInstant();
    }

    /**
     * @return the first instant after the covered dates
     */
    public Instant end() {
        return through.plusDays(1).atStartOfDay(MarketCalendar.NEW_YORK).toInstant();
    }

    /**
     * Splits a date range into ISO weeks, in order.
     *
     * @param start first date, inclusive
     * @param end last date, inclusive
     * @return the weeks; empty when end is before start
     */
    public static List<IsoWeek> between(LocalDate start, LocalDate end) {
        List<IsoWeek> weeks = new ArrayList<>();
        LocalDate monday = start.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        for (; !monday.isAfter(end); monday = monday.plusWeeks(1)) {
            LocalDate from = monday.isBefore(start) ? start : monday;
            LocalDate sunday = monday.plusDays(6);
            LocalDate through = sunday.isAfter(end) ? end : sunday;
            weeks.add(new IsoWeek(monday.get(IsoFields.WEEK_BASED_YEAR), monday.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR), from, through));
        }
        return weeks;
    }
}
