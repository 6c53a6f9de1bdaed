package io.marketflow.sink.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;

/**
 * The instants of the streaming fast paths ({@link TradeJsonReader}, {@link WeekBarsJsonReader}), read by hand:
 * {@link DateTimeFormatter} was about a third of a fast path's time, and both paths must read instants the same way.
 */
final class IsoInstants {

    private IsoInstants() {
    }

    /**
     * @param text a JSON string value
     * @return the instant, or null when the text is not a UTC ISO instant ({@code T}, ending in {@code Z}): the contract
     *         mapper also accepts epoch numbers as text, offsets and surrounding blanks, so it decides on those
     * @throws java.time.DateTimeException when the text has that form but is not a valid instant
     */
    static Instant utc(String text) {
        if (text.indexOf('T') < 0 || !text.endsWith("Z")) {
            return null;
        }
        return parse(text);
    }

    /**
     * {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z}, the form the contract writes, read by hand. Anything else goes through
     * {@code ISO_INSTANT}, as the contract mapper does.
     */
    static Instant parse(String text) {
        int n = text.length();
        if (n < 20 || n > 30 || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T' || text.charAt(13) != ':'
                || text.charAt(16) != ':' || text.charAt(n - 1) != 'Z') {
            return DateTimeFormatter.ISO_INSTANT.parse(text, Instant::from);
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 7);
        int day = digits(text, 8, 10);
        int hour = digits(text, 11, 13);
        int minute = digits(text, 14, 16);
        int second = digits(text, 17, 19);
        int nanos = 0;
        if (n > 20) {
            // A fraction of 1 to 9 digits after a dot.
            if (text.charAt(19) != '.' || n == 21) {
                return DateTimeFormatter.ISO_INSTANT.parse(text, Instant::from);
            }
            nanos = digits(text, 20, n - 1);
            for (int i = n - 1 - 20; i < 9; i++) {
                nanos *= 10;
            }
        } else if (text.charAt(19) != 'Z') {
            return DateTimeFormatter.ISO_INSTANT.parse(text, Instant::from);
        }
        if (year < 0 || month < 0 || day < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59 || nanos < 0) {
            return DateTimeFormatter.ISO_INSTANT.parse(text, Instant::from);
        }
        // LocalDate.of rejects 30 February and friends, like the formatter.
        long days = LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(days * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
    }

    /** @return the decimal value of text[from, to), -1 when a character is not a digit */
    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
