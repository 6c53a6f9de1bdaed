package io.marketflow.sink.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;

/**
 * The instants of the streaming fast paths ({@link TradeJsonReader}, {@link WeekBarsJsonReader}), read by hand:
 * {@link DateTimeFormatter} was about a third of a fast path's time, and both paths must read instants the same way.
 * They are read from the parser's characters, without a String per instant.
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
        return utc(text.toCharArray(), 0, text.length());
    }

    /** {@link #utc(String)} of the characters chars[offset, offset + length) */
    static Instant utc(char[] chars, int offset, int length) {
        if (length == 0 || chars[offset + length - 1] != 'Z') {
            return null;
        }
        for (int i = offset, end = offset + length; i < end; i++) {
            if (chars[i] == 'T') {
                return parse(chars, offset, length);
            }
        }
        return null;
    }

    /**
     * {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z}, the form the contract writes, read by hand. Anything else goes through
     * {@code ISO_INSTANT}, as the contract mapper does.
     */
    static Instant parse(String text) {
        return parse(text.toCharArray(), 0, text.length());
    }

    private static Instant parse(char[] chars, int offset, int n) {
        if (n < 20 || n > 30 || chars[offset + 4] != '-' || chars[offset + 7] != '-' || chars[offset + 10] != 'T'
                || chars[offset + 13] != ':' || chars[offset + 16] != ':' || chars[offset + n - 1] != 'Z') {
            return isoInstant(chars, offset, n);
        }
        int year = digits(chars, offset, 0, 4);
        int month = digits(chars, offset, 5, 7);
        int day = digits(chars, offset, 8, 10);
        int hour = digits(chars, offset, 11, 13);
        int minute = digits(chars, offset, 14, 16);
        int second = digits(chars, offset, 17, 19);
        int nanos = 0;
        if (n > 20) {
            // A fraction of 1 to 9 digits after a dot.
            if (chars[offset + 19] != '.' || n == 21) {
                return isoInstant(chars, offset, n);
            }
            nanos = digits(chars, offset, 20, n - 1);
            for (int i = n - 1 - 20; i < 9; i++) {
                nanos *= 10;
            }
        } else if (chars[offset + 19] != 'Z') {
            return isoInstant(chars, offset, n);
        }
        if (year < 0 || month < 0 || day < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59 || nanos < 0) {
            return isoInstant(chars, offset, n);
        }
        // LocalDate.of rejects 30 February and friends, like the formatter.
        long days = LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(days * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
    }

    private static Instant isoInstant(char[] chars, int offset, int length) {
        return DateTimeFormatter.ISO_INSTANT.parse(new String(chars, offset, length), Instant::from);
    }

    /** @return the decimal value of text[from, to) at offset, -1 when a character is not a digit */
    private static int digits(char[] chars, int offset, int from, int to) {
        int value = 0;
        for (int i = offset + from; i < offset + to; i++) {
            char c = chars[i];
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
