package io.marketflow.sink.domain;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;

/**
 * The instants of the streaming fast paths ({@link TradeJsonReader}, {@link WeekBarsJsonReader}), read by hand:
 * {@link DateTimeFormatter} was about a third of a fast path's time, and both paths must read instants the same way.
 * They are read from the record's bytes, without a String per instant.
 */
final class IsoInstants {

    private IsoInstants() {
    }

    /**
     * @param ascii a buffer holding a JSON string value's characters, one byte each
     * @param offset where they start
     * @param length how many
     * @return the instant, or null when the text is not a UTC ISO instant ({@code T}, ending in {@code Z}): the contract
     *         mapper also accepts epoch numbers as text, offsets and surrounding blanks, so it decides on those
     * @throws java.time.DateTimeException when the text has that form but is not a valid instant
     */
    static Instant utc(byte[] ascii, int offset, int length) {
        if (length == 0 || ascii[offset + length - 1] != 'Z') {
            return null;
        }
        for (int i = offset, end = offset + length; i < end; i++) {
            if (ascii[i] == 'T') {
                return parse(ascii, offset, length);
            }
        }
        return null;
    }

    /**
     * {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z}, the form the contract writes, read by hand. Anything else goes through
     * {@code ISO_INSTANT}, as the contract mapper does.
     */
    static Instant parse(byte[] ascii, int offset, int n) {
        if (n < 20 || n > 30 || ascii[offset + 4] != '-' || ascii[offset + 7] != '-' || ascii[offset + 10] != 'T'
                || ascii[offset + 13] != ':' || ascii[offset + 16] != ':' || ascii[offset + n - 1] != 'Z') {
            return isoInstant(ascii, offset, n);
        }
        int year = digits(ascii, offset, 0, 4);
        int month = digits(ascii, offset, 5, 7);
        int day = digits(ascii, offset, 8, 10);
        int hour = digits(ascii, offset, 11, 13);
        int minute = digits(ascii, offset, 14, 16);
        int second = digits(ascii, offset, 17, 19);
        int nanos = 0;
        if (n > 20) {
            // A fraction of 1 to 9 digits after a dot.
            if (ascii[offset + 19] != '.' || n == 21) {
                return isoInstant(ascii, offset, n);
            }
            nanos = digits(ascii, offset, 20, n - 1);
            for (int i = n - 1 - 20; i < 9; i++) {
                nanos *= 10;
            }
        } else if (ascii[offset + 19] != 'Z') {
            return isoInstant(ascii, offset, n);
        }
        if (year < 0 || month < 0 || day < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59 || nanos < 0) {
            return isoInstant(ascii, offset, n);
        }
        return Instant.ofEpochSecond(epochDay(year, month, day) * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
    }

    /**
     * {@code LocalDate.of(year, month, day).toEpochDay()} without a LocalDate per instant (2 % of the bar path).
     *
     * @throws java.time.DateTimeException for a day the month does not have (30 February), as LocalDate.of and the
     *         formatter do
     */
    static long epochDay(int year, int month, int day) {
        if (month < 1 || month > 12 || day < 1 || day > lengthOfMonth(year, month)) {
            return LocalDate.of(year, month, day).toEpochDay();
        }
        // Days from the civil calendar with March as the first month, so that a leap day ends a year (H. Hinnant).
        int y = month <= 2 ? year - 1 : year;
        int era = Math.floorDiv(y, 400);
        int yearOfEra = y - era * 400;
        int dayOfYear = (153 * ((month + 9) % 12) + 2) / 5 + day - 1;
        int dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146_097L + dayOfEra - 719_468;
    }

    private static int lengthOfMonth(int year, int month) {
        return switch (month) {
            case 2 -> (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    private static Instant isoInstant(byte[] ascii, int offset, int length) {
        return DateTimeFormatter.ISO_INSTANT.parse(new String(ascii, offset, length, StandardCharsets.ISO_8859_1), Instant::from);
    }

    /** @return the decimal value of text[from, to) at offset, -1 when a character is not a digit */
    private static int digits(byte[] ascii, int offset, int from, int to) {
        int value = 0;
        for (int i = offset + from; i < offset + to; i++) {
            int d = ascii[i] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            value = value * 10 + d;
        }
        return value;
    }
}
