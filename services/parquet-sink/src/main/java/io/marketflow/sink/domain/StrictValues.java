package io.marketflow.sink.domain;

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
    static int intValue(CompactJsonCursor c) {
        long value = c.integer();
        if (value != (int) value) {
            throw UNUSUAL;
        }
        return (int) value;
    }

    /** @return a number above 0 (infinity included); anything else is left to the mapper path, which gives the reason */
    static double positive(CompactJsonCursor c) {
        double value = c.number();
        if (!(value > 0)) {
            throw UNUSUAL;
        }
        return value;
    }

    /** @return a number or null */
    static Double nullableNumber(CompactJsonCursor c) {
        return c.takeNull() ? null : c.number();
    }

    /** @return a long or null */
    static Long nullableLong(CompactJsonCursor c) {
        return c.takeNull() ? null : c.integer();
    }

    /** @return a string or null, a remembered instance when there is one */
    static String nullableText(CompactJsonCursor c, RepeatedStrings strings) {
        return c.takeNull() ? null : c.text(strings);
    }

    /** See {@link #UNUSUAL}. */
    static final class Unusual extends RuntimeException {
        private static final long serialVersionUID = 1L;

        private Unusual() {
            super("not what the contract writes", null, false, false);
        }
    }
}
