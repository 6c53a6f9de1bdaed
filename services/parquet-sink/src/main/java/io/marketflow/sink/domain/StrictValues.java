package io.marketflow.sink.domain;

import java.io.IOException;
import java.time.Instant;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * The values of the streaming fast paths ({@link TradeJsonReader}, {@link WeekBarsJsonReader}), read only in the form
 * the contract mapper writes them. Anything else (a string for a number, a float for an int, a null for a primitive)
 * throws {@link #UNUSUAL}: the fast path gives up and the contract mapper decides, with its own coercions and reasons.
 */
final class StrictValues {

    /** Thrown when a record is not in the contract's form; without a stack trace, as it only ends a fast path. */
    static final Unusual UNUSUAL = new Unusual();

    private StrictValues() {
    }

    /**
     * @param seen the bits of the fields already read
     * @param field the index of the field now read
     * @return seen with the field's bit; throws when the field was already there (the mapper keeps the last value, or
     *         rejects a record whose creator already had all its fields: its call)
     */
    static int once(int seen, int field) {
        int bit = 1 << field;
        if ((seen & bit) != 0) {
            throw UNUSUAL;
        }
        return seen | bit;
    }

    /** @return a JSON int; floats, strings and nulls the mapper coerces, and longs it rejects: its call */
    static int intValue(JsonParser p, JsonToken v) throws IOException {
        if (v != JsonToken.VALUE_NUMBER_INT || p.getNumberType() != JsonParser.NumberType.INT) {
            throw UNUSUAL;
        }
        return p.getIntValue();
    }

    /** @return a JSON number as the mapper reads it into a double, bit for bit */
    static double number(JsonParser p, JsonToken v) throws IOException {
        if (v == JsonToken.VALUE_NUMBER_FLOAT) {
            double value = ExactDecimals.parse(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
            return Double.isNaN(value) ? p.getDoubleValue() : value;
        }
        if (v != JsonToken.VALUE_NUMBER_INT) {
            throw UNUSUAL;
        }
        return p.getDoubleValue();
    }

    /** @return a number above 0 (infinity included); anything else is left to the mapper path, which gives the reason */
    static double positive(JsonParser p, JsonToken v) throws IOException {
        double value = number(p, v);
        if (!(value > 0)) {
            throw UNUSUAL;
        }
        return value;
    }

    /** @return a long or null */
    static Long nullableLong(JsonParser p, JsonToken v) throws IOException {
        if (v == JsonToken.VALUE_NULL) {
            return null;
        }
        if (v != JsonToken.VALUE_NUMBER_INT || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            throw UNUSUAL;
        }
        return p.getLongValue();
    }

    /** @return true or false, not null */
    static boolean bool(JsonToken v) {
        if (v != JsonToken.VALUE_TRUE && v != JsonToken.VALUE_FALSE) {
            throw UNUSUAL;
        }
        return v == JsonToken.VALUE_TRUE;
    }

    /** @return a string value, not null, the previous instance when it is equal */
    static String text(JsonParser p, JsonToken v, String previous) throws IOException {
        string(v);
        return RepeatedStrings.reuse(previous, p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
    }

    /** @return a string value, not null, a remembered instance when there is one */
    static String text(JsonParser p, JsonToken v, RepeatedStrings strings) throws IOException {
        string(v);
        return strings.of(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
    }

    /** @return a string value or null, a remembered instance when there is one */
    static String nullableText(JsonParser p, JsonToken v, RepeatedStrings strings) throws IOException {
        return v == JsonToken.VALUE_NULL ? null : text(p, v, strings);
    }

    /** @return an instant as the contract writes it, {@code yyyy-MM-ddTHH:mm:ss[.f]Z}; not null */
    static Instant instant(JsonParser p, JsonToken v) throws IOException {
        string(v);
        Instant instant = IsoInstants.utc(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
        if (instant == null) {
            throw UNUSUAL;
        }
        return instant;
    }

    private static void string(JsonToken v) {
        if (v != JsonToken.VALUE_STRING) {
            throw UNUSUAL;
        }
    }

    /** See {@link #UNUSUAL}. */
    static final class Unusual extends RuntimeException {
        private static final long serialVersionUID = 1L;

        private Unusual() {
            super("not what the contract writes", null, false, false);
        }
    }
}
