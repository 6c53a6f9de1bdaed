package io.marketflow.provider;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

import jakarta.ws.rs.core.Response;

/** Reads how long a provider asks callers to wait from the headers of its answer. */
public final class RetryAfter {

    private RetryAfter() {
    }

    /**
     * {@code Retry-After} (delta-seconds or an HTTP date, RFC 9110 §10.2.3), else the epoch-seconds reset of X and Alpaca
     * ({@code x-rate-limit-reset}, {@code X-RateLimit-Reset}: header names are case-insensitive) or of Bluesky
     * ({@code ratelimit-reset}).
     *
     * @param response the provider's answer
     * @param now the current instant
     * @return the wait, zero for an instant already past, or null when the answer names none readable
     */
    public static Duration of(Response response, Instant now) {
        String value = response.getHeaderString("Retry-After");
        if (value != null && !value.isBlank()) {
            return parse(value, now);
        }
        String reset = response.getHeaderString("x-rate-limit-reset");
        if (reset == null || reset.isBlank()) {
            reset = response.getHeaderString("ratelimit-reset");
        }
        return reset == null || reset.isBlank() ? null : untilEpochSecond(reset, now);
    }

    /**
     * @param value a {@code Retry-After} value: delta-seconds or an HTTP date
     * @param now the current instant
     * @return the wait, zero for a date already past, or null when the value is neither form
     */
    public static Duration parse(String value, Instant now) {
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim())));
        } catch (NumberFormatException notSeconds) {
            try {
                return nonNegative(Duration.between(now, ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant()));
            } catch (DateTimeParseException notDate) {
                return null;
            }
        }
    }

    /**
     * @param value epoch seconds of the instant the budget resets
     * @param now the current instant
     * @return the wait, zero for an instant already past, or null when the value is not a number
     */
    public static Duration untilEpochSecond(String value, Instant now) {
        try {
            return nonNegative(Duration.between(now, Instant.ofEpochSecond(Long.parseLong(value.trim()))));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Duration nonNegative(Duration wait) {
        return wait.isNegative() ? Duration.ZERO : wait;
    }
}
