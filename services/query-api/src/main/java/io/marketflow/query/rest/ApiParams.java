package io.marketflow.query.rest;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import io.marketflow.query.config.QueryConfig;
import io.marketflow.query.domain.InvalidRequestException;

/**
 * Validation of every request parameter, from the raw text (no framework conversion that could answer a 404 or a 500):
 * a bad value is an {@link InvalidRequestException} naming the parameter.
 */
@ApplicationScoped
public class ApiParams {

    static final Pattern TICKER = Pattern.compile("^[A-Z][A-Z0-9.\\-]{0,9}$");
    static final Pattern ALIAS = Pattern.compile("^[A-Za-z0-9_.\\-]{1,40}$");
    static final Pattern SOURCE = Pattern.compile("^[a-z0-9_\\-]{1,32}$");
    static final Pattern KEYWORD = Pattern.compile("^[\\p{L}\\p{N} $#&+._'\\-]{1,64}$");
    /** Rows of a page when {@code limit} is not given (capped by the configured maximum). */
    static final int DEFAULT_LIMIT = 1000;

    /** A validated time range, {@code from} inclusive and {@code to} exclusive. */
    public record Range(Instant from, Instant to) {
        /** @return the first UTC date whose partitions may hold rows: a day early, since market data is dated in New York */
        LocalDate firstDate() {
            return LocalDate.ofInstant(from, ZoneOffset.UTC).minusDays(1);
        }

        /** @return the last such date, a day late for the same reason */
        LocalDate lastDate() {
            return LocalDate.ofInstant(to, ZoneOffset.UTC).plusDays(1);
        }
    }

    private final QueryConfig config;

    /**
     * @param config the request limits
     */
    public ApiParams(QueryConfig config) {
        this.config = config;
    }

    /**
     * @param value the ticker parameter
     * @return it, when it matches {@code ^[A-Z][A-Z0-9.\-]{0,9}$}
     */
    public String ticker(String value) {
        return match("ticker", value, TICKER, "an upper-case ticker such as AAPL or BRK.B");
    }

    /**
     * @param value the alias parameter
     * @return it, when it is a macro series alias
     */
    public String alias(String value) {
        return match("alias", value, ALIAS, "a series alias of letters, digits, '_', '.' or '-'");
    }

    /**
     * @param value the source parameter
     * @return it, when it is a source name such as alpaca or synthetic
     */
    public String source(String value) {
        return match("source", value, SOURCE, "a lower-case source name such as alpaca or synthetic");
    }

    /**
     * @param value the keyword parameter
     * @return it, when it is a keyword of at most 64 letters, digits, spaces and a few signs
     */
    public String keyword(String value) {
        return match("keyword", value, KEYWORD, "at most 64 letters, digits, spaces or $#&+._'-");
    }

    /**
     * @param from the from parameter
     * @param to the to parameter
     * @return the range, when both are ISO instants or dates, from is before to and the range is at most the maximum
     */
    public Range range(String from, String to) {
        Instant start = instant("from", from);
        Instant end = instant("to", to);
        if (!start.isBefore(end)) {
            throw new InvalidRequestException("from must be before to");
        }
        Duration max = config.limits().maxRange();
        if (Duration.between(start, end).compareTo(max) > 0) {
            throw new InvalidRequestException("the range from " + start + " to " + end + " is longer than the maximum " + max.toDays() + " days");
        }
        return new Range(start, end);
    }

    /**
     * @param value the asOf parameter, null for today (UTC)
     * @return the date
     */
    public LocalDate asOf(String value) {
        if (value == null || value.isBlank()) {
            return LocalDate.now(ZoneOffset.UTC);
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw new InvalidRequestException("asOf must be an ISO date such as 2026-11-20");
        }
    }

    /**
     * @param value the limit parameter, null for the default
     * @return the page size, between 1 and the configured maximum
     */
    public int limit(String value) {
        int max = config.limits().maxPageRows();
        if (value == null || value.isBlank()) {
            return Math.min(DEFAULT_LIMIT, max);
        }
        try {
            int limit = Integer.parseInt(value.trim());
            if (limit >= 1 && limit <= max) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new InvalidRequestException("limit must be an integer from 1 to " + max);
    }

    /**
     * @param name the parameter's name
     * @param value its text, null when absent
     * @return the number, null when absent
     */
    public Double sentiment(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            double d = Double.parseDouble(value.trim());
            if (Double.isFinite(d)) {
                return d;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new InvalidRequestException(name + " must be a number such as -0.5");
    }

    /**
     * @param name the parameter's name
     * @param value an ISO-8601 instant ({@code 2026-11-20T14:30:00Z}) or date ({@code 2026-11-20}, its UTC midnight)
     * @return the instant
     */
    Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidRequestException(name + " is required (an ISO instant such as 2026-11-20T14:30:00Z or a date such as 2026-11-20)");
        }
        try {
            if (value.length() == 10) {
                return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return java.time.OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeException e) {
            throw new InvalidRequestException(name + " must be an ISO instant such as 2026-11-20T14:30:00Z or a date such as 2026-11-20");
        }
    }

    private static String match(String name, String value, Pattern pattern, String expected) {
        if (value == null || value.isEmpty()) {
            throw new InvalidRequestException(name + " is required: " + expected);
        }
        if (!pattern.matcher(value).matches()) {
            throw new InvalidRequestException(name + " must be " + expected);
        }
        return value;
    }
}
