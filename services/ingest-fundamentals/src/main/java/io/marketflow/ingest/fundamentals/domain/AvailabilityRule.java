package io.marketflow.ingest.fundamentals.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * The point-in-time rule: a statement belongs to the first New York day it was public, never to its fiscal or calendar
 * year (the original system's bug: it joined statements by {@code calendarYear}, so features saw a year's results
 * months before they were filed).
 * <ul>
 * <li>With a filing date and/or an accepted time: the later of the filing date and the New York day of acceptance,
 * moved to the next day when EDGAR accepted it at or after the 16:00 close (the filing is public after the session).</li>
 * <li>With neither, or with dates on or before the period end (placeholders): the period end plus a configured number of days (default 90, the latest 10-K deadline).</li>
 * </ul>
 */
public final class AvailabilityRule {

    /** FMP's {@code acceptedDate} is EDGAR's acceptance time in New York. */
    public static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final LocalTime CLOSE = LocalTime.of(16, 0);
    private static final DateTimeFormatter ACCEPTED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final int fallbackDays;

    /**
     * @param fallbackDays days after the period end for a statement without a filing or accepted date
     */
    public AvailabilityRule(int fallbackDays) {
        this.fallbackDays = fallbackDays;
    }

    /**
     * @param filingDate the filing date, or null
     * @param acceptedAt the acceptance instant, or null
     * @param periodEnd the end of the reporting period, or null
     * @return the first day the statement may be used
     * @throws MalformedStatementException when none of the three is known
     */
    public LocalDate availableFrom(LocalDate filingDate, Instant acceptedAt, LocalDate periodEnd) {
        LocalDate known = null;
        if (acceptedAt != null) {
            ZonedDateTime local = acceptedAt.atZone(NEW_YORK);
            known = local.toLocalTime().isBefore(CLOSE) ? local.toLocalDate() : local.toLocalDate().plusDays(1);
        }
        if (filingDate != null && (known == null || filingDate.isAfter(known))) {
            known = filingDate;
        }
        // A "filing" on or before the period end is a placeholder, not a filing (the file has XOM and UNH FY2023 filed
        // 2023-12-31, accepted 2023-12-29 19:00): nothing is public before the period closed, so the fallback applies.
        if (known != null && (periodEnd == null || known.isAfter(periodEnd))) {
            return known;
        }
        if (periodEnd == null) {
            throw new MalformedStatementException("no filing date, accepted date or period end");
        }
        return periodEnd.plusDays(fallbackDays);
    }

    /**
     * @param text FMP's {@code acceptedDate} ({@code 2024-11-01 06:01:36}, New York time), or null/blank
     * @return the instant, or null when absent
     * @throws MalformedStatementException when present but not a date-time
     */
    public static Instant acceptedAt(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return LocalDateTime.parse(text.trim(), ACCEPTED).atZone(NEW_YORK).toInstant();
        } catch (DateTimeParseException e) {
            throw new MalformedStatementException("acceptedDate is not yyyy-MM-dd HH:mm:ss: " + text);
        }
    }

    /**
     * @param field the field's name, for the error
     * @param text an ISO date, or null/blank
     * @return the date, or null when absent
     * @throws MalformedStatementException when present but not a date
     */
    public static LocalDate date(String field, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw new MalformedStatementException(field + " is not a date: " + text);
        }
    }
}
