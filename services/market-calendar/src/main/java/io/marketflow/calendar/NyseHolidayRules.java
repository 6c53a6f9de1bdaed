package io.marketflow.calendar;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Derives the NYSE's scheduled full holidays and 13:00 early closes of any year from the exchange's rules. */
final class NyseHolidayRules {

    /** Juneteenth became an NYSE holiday in 2022; in 2021 the market was open on the observed day (June 18). */
    static final int FIRST_JUNETEENTH_YEAR = 2022;

    private NyseHolidayRules() {
    }

    /**
     * The scheduled full holidays of a year, on their observed dates and in date order.
     *
     * @param year the Gregorian year
     * @return the holidays that fall (as observed) within that year
     */
    static List<Holiday> holidays(int year) {
        List<Holiday> holidays = new ArrayList<>(10);
        // NYSE Rule 7.2: New Year's Day on a Saturday is not observed on Friday Dec 31, which would close the prior year's
        // last trading day; a Sunday New Year's Day still moves to Monday Jan 2.
        LocalDate newYear = LocalDate.of(year, Month.JANUARY, 1);
        if (newYear.getDayOfWeek() != DayOfWeek.SATURDAY) {
            holidays.add(observed(newYear, "New Year's Day"));
        }
        holidays.add(new Holiday(nth(year, Month.JANUARY, 3, DayOfWeek.MONDAY), "Martin Luther King, Jr. Day"));
        holidays.add(new Holiday(nth(year, Month.FEBRUARY, 3, DayOfWeek.MONDAY), "Washington's Birthday"));
        holidays.add(new Holiday(Easter.sunday(year).minusDays(2), "Good Friday"));
        holidays.add(new Holiday(LocalDate.of(year, Month.MAY, 1).with(TemporalAdjusters.lastInMonth(DayOfWeek.MONDAY)),
                "Memorial Day"));
        if (year >= FIRST_JUNETEENTH_YEAR) {
            holidays.add(observed(LocalDate.of(year, Month.JUNE, 19), "Juneteenth"));
        }
        holidays.add(observed(LocalDate.of(year, Month.JULY, 4), "Independence Day"));
        holidays.add(new Holiday(nth(year, Month.SEPTEMBER, 1, DayOfWeek.MONDAY), "Labor Day"));
        holidays.add(new Holiday(thanksgiving(year), "Thanksgiving Day"));
        holidays.add(observed(LocalDate.of(year, Month.DECEMBER, 25), "Christmas Day"));
        return List.copyOf(holidays);
    }

    /**
     * Whether a trading day closes at 13:00. Callers must first make sure the date is a trading day: the rules below
     * only name candidate dates, and a candidate that is itself a holiday (July 3 or Dec 24 on a Friday, when they are
     * the observed holiday) or a weekend has no session at all.
     *
     * @param tradingDay a date known to be a trading day
     * @return true if the session ends at the early close time
     */
    static boolean isEarlyClose(LocalDate tradingDay) {
        int year = tradingDay.getYear();
        // July 3 is a trading day only Mon-Thu, i.e. exactly when July 4 is a weekday holiday on its own date; when
        // July 4 is on a weekend the eve is the observed holiday or a weekend, so there is no early close (2026-07-02).
        return tradingDay.equals(LocalDate.of(year, Month.JULY, 3))
                || tradingDay.equals(thanksgiving(year).plusDays(1))
                || tradingDay.equals(LocalDate.of(year, Month.DECEMBER, 24));
    }

    /**
     * Looks up a scheduled holiday by its observed date.
     *
     * @param date the date to look up
     * @return the holiday observed on that date, if any
     */
    static Optional<Holiday> holidayOn(LocalDate date) {
        return holidays(date.getYear()).stream().filter(h -> h.date().equals(date)).findFirst();
    }

    private static LocalDate thanksgiving(int year) {
        return nth(year, Month.NOVEMBER, 4, DayOfWeek.THURSDAY);
    }

    private static LocalDate nth(int year, Month month, int ordinal, DayOfWeek dayOfWeek) {
        return LocalDate.of(year, month, 1).with(TemporalAdjusters.dayOfWeekInMonth(ordinal, dayOfWeek));
    }

    /** Saturday holidays move to the Friday before, Sunday ones to the Monday after. */
    private static Holiday observed(LocalDate actual, String name) {
        return switch (actual.getDayOfWeek()) {
            case SATURDAY -> new Holiday(actual.minusDays(1), name + " (observed)");
            case SUNDAY -> new Holiday(actual.plusDays(1), name + " (observed)");
            default -> new Holiday(actual, name);
        };
    }
}
