package io.marketflow.sink.domain;

import static io.marketflow.sink.domain.StrictValues.UNUSUAL;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import com.fasterxml.jackson.core.io.NumberInput;

/**
 * A cursor over the UTF-8 bytes of the compact JSON the contract mapper writes, for the streaming fast paths
 * ({@link TradeJsonReader}, {@link WeekBarsJsonReader}): Jackson's tokenizer, made for any JSON, was most of their time.
 * It reads only that form: no blanks except around the whole value, strings of ASCII without escapes, numbers as JSON
 * writes them. On anything else it throws {@link StrictValues#UNUSUAL}, and the contract mapper decides; what it does
 * read, it reads as the mapper does, doubles bit for bit.
 */
final class CompactJsonCursor {

    // Longer numbers and strings are left to the mapper: its parser has limits (1,000 digits, 20 M characters) beyond
    // which it rejects a record, and the contract never writes anything near them.
    private static final int MAX_NUMBER_LENGTH = 100;
    private static final int MAX_STRING_LENGTH = 1 << 16;
    /** Up to this many digits always fit in a long, and their value is exact. */
    private static final int MAX_LONG_DIGITS = 18;

    private final byte[] json;
    private int at;
    /** The value of the last {@link #integerPart()}. */
    private long digits;
    /** A number's characters for {@link #parsed}, made on its first use. */
    private char[] chars;

    /** @param json a record value: one JSON value, maybe with blanks around it */
    CompactJsonCursor(byte[] json) {
        this.json = json;
        this.at = skipBlanks(0);
    }

    /** @return true, and the cursor after it, when the next byte is c */
    boolean take(char c) {
        if (at < json.length && json[at] == c) {
            at++;
            return true;
        }
        return false;
    }

    /** Moves past the next byte, which must be c. */
    void expect(char c) {
        if (!take(c)) {
            throw UNUSUAL;
        }
    }

    /** @return true, and the cursor after them, when the next bytes are these */
    boolean take(byte[] bytes) {
        int n = bytes.length;
        if (json.length - at < n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (json[at + i] != bytes[i]) {
                return false;
            }
        }
        at += n;
        return true;
    }

    /** Checks that nothing but blanks follows: the mapper ignores more, but the contract never writes it. */
    void end() {
        if (skipBlanks(at) != json.length) {
            throw UNUSUAL;
        }
    }

    /** @return true, and the cursor after it, when the next value is null */
    boolean takeNull() {
        if (json.length - at >= 4 && json[at] == 'n' && json[at + 1] == 'u' && json[at + 2] == 'l' && json[at + 3] == 'l') {
            at += 4;
            return true;
        }
        return false;
    }

    /** @return the next value, true or false */
    boolean bool() {
        if (json.length - at >= 4 && json[at] == 't' && json[at + 1] == 'r' && json[at + 2] == 'u' && json[at + 3] == 'e') {
            at += 4;
            return true;
        }
        if (json.length - at >= 5 && json[at] == 'f' && json[at + 1] == 'a' && json[at + 2] == 'l' && json[at + 3] == 's'
                && json[at + 4] == 'e') {
            at += 5;
            return false;
        }
        throw UNUSUAL;
    }

    /** @return the next value, a JSON integer (no fraction, no exponent) in the range of a long */
    long integer() {
        int start = at;
        boolean negative = take('-');
        int count = integerPart();
        if (isFractionOrExponent(at)) {
            // A decimal for an integer: the mapper's coercion or rejection, not this path's.
            throw UNUSUAL;
        }
        if (count <= MAX_LONG_DIGITS) {
            return negative ? -digits : digits;
        }
        try {
            return Long.parseLong(ascii(start, at - start));
        } catch (NumberFormatException e) {
            throw UNUSUAL;
        }
    }

    /** @return the next value, a JSON number, as the mapper reads it into a double (its parser's double value) */
    double number() {
        int start = at;
        boolean negative = take('-');
        int count = integerPart();
        if (!isFractionOrExponent(at)) {
            if (count <= MAX_LONG_DIGITS) {
                // An integer token: the parser's double of its long, so -0 is 0.0 (not -0.0, as a decimal would be).
                return negative ? -digits : digits;
            }
            return parsed(start);
        }
        long significand = digits;
        int scale = 0;
        int d;
        if (take('.')) {
            if (digitAt(at) < 0) {
                throw UNUSUAL;
            }
            while ((d = digitAt(at)) >= 0) {
                if (++count <= MAX_LONG_DIGITS) {
                    significand = significand * 10 + d;
                    scale++;
                }
                at++;
            }
        }
        int exponent = 0;
        if (take('e') || take('E')) {
            boolean negativeExponent = take('-');
            if (!negativeExponent) {
                take('+');
            }
            if (digitAt(at) < 0) {
                throw UNUSUAL;
            }
            while ((d = digitAt(at)) >= 0) {
                // Capped: far beyond the exact case, and the int cannot overflow.
                exponent = Math.min(exponent * 10 + d, 10_000);
                at++;
            }
            if (negativeExponent) {
                exponent = -exponent;
            }
        }
        if (count <= MAX_LONG_DIGITS) {
            double exact = ExactDecimals.value(significand, exponent - scale);
            if (!Double.isNaN(exact)) {
                return negative ? -exact : exact;
            }
        }
        return parsed(start);
    }

    /**
     * Moves past the digits of a number's integer part, JSON's: no leading zero.
     *
     * @return how many digits it has; {@link #digits} is their value when there are at most {@link #MAX_LONG_DIGITS}
     */
    private int integerPart() {
        int d = digitAt(at);
        if (d < 0) {
            throw UNUSUAL;
        }
        at++;
        long value = d;
        int count = 1;
        if (d == 0) {
            if (digitAt(at) >= 0) {
                // A leading zero: the mapper's parser rejects it.
                throw UNUSUAL;
            }
        } else {
            while ((d = digitAt(at)) >= 0) {
                if (++count <= MAX_LONG_DIGITS) {
                    value = value * 10 + d;
                }
                at++;
            }
        }
        digits = value;
        return count;
    }

    /** @return the next value, a string, the previous instance when it is equal */
    String text(String previous) {
        int length = string();
        return RepeatedStrings.reuse(previous, json, at - 1 - length, length);
    }

    /** @return the next value, a string, a remembered instance when there is one */
    String text(RepeatedStrings strings) {
        int length = string();
        return strings.of(json, at - 1 - length, length);
    }

    /**
     * @return the next value, a string that is an instant as the contract writes it ({@link IsoInstants#utc})
     * @throws java.time.DateTimeException when it has that form but is not a valid instant
     */
    Instant instant() {
        int length = string();
        Instant instant = IsoInstants.utc(json, at - 1 - length, length);
        if (instant == null) {
            throw UNUSUAL;
        }
        return instant;
    }

    /**
     * Moves past the next value, a string of printable ASCII without escapes, the form of every string the contract
     * writes; for any other the mapper decodes it (or rejects it).
     *
     * @return the number of its characters, which end before the cursor's closing quote
     */
    int string() {
        expect('"');
        int start = at;
        int i = start;
        byte b;
        // Signed bytes: one comparison finds control characters and every byte of a non-ASCII character.
        while (i < json.length && (b = json[i]) != '"') {
            if (b < 0x20 || b == '\\') {
                throw UNUSUAL;
            }
            i++;
        }
        int length = i - start;
        if (i == json.length || length > MAX_STRING_LENGTH) {
            throw UNUSUAL;
        }
        at = i + 1;
        return length;
    }

    /** @return the value of the decimal digit at i, -1 when there is none */
    private int digitAt(int i) {
        if (i < json.length) {
            int d = json[i] - '0';
            if (d >= 0 && d <= 9) {
                return d;
            }
        }
        return -1;
    }

    /** @return true when a fraction or an exponent follows at i: a decimal rather than an integer token */
    private boolean isFractionOrExponent(int i) {
        return i < json.length && (json[i] == '.' || json[i] == 'e' || json[i] == 'E');
    }

    /**
     * The general conversion: correctly rounded, so equal bit for bit to the mapper's parser, which is too. Jackson's
     * fast parser (Eisel-Lemire) rather than {@link Double#parseDouble}: every double a writer prints with 16 or 17
     * digits (a computed VWAP, 100.07000000000001) misses the exact case, and the JDK's big-integer path for those was
     * 13 % of the sink's samples on bars.
     */
    private double parsed(int start) {
        int length = at - start;
        if (length > MAX_NUMBER_LENGTH) {
            throw UNUSUAL;
        }
        if (chars == null) {
            chars = new char[MAX_NUMBER_LENGTH];
        }
        for (int i = 0; i < length; i++) {
            chars[i] = (char) json[start + i];
        }
        return NumberInput.parseDouble(chars, 0, length, true);
    }

    private String ascii(int start, int length) {
        return new String(json, start, length, StandardCharsets.ISO_8859_1);
    }

    private int skipBlanks(int i) {
        while (i < json.length && (json[i] == ' ' || json[i] == '\n' || json[i] == '\r' || json[i] == '\t')) {
            i++;
        }
        return i;
    }
}
