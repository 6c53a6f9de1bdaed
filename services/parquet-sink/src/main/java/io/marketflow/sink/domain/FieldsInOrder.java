package io.marketflow.sink.domain;

import java.nio.charset.StandardCharsets;

/**
 * The fields of one contract object in the order the contract mapper writes them, for the streaming fast paths
 * ({@link TradeJsonReader}, {@link WeekBarsJsonReader}): the next name's bytes are compared with the expected one's,
 * which is cheaper than looking every name up. Fields in another order, or left out as null, are still found by name.
 */
final class FieldsInOrder {

    /** Each field's name as the compact form writes it, {@code "name":}, so that one comparison reads name and colon. */
    private final byte[][] names;

    /** @param names the fields in the contract's write order; a field's index is its number in {@link #next} */
    FieldsInOrder(String... names) {
        this.names = new byte[names.length][];
        for (int i = 0; i < names.length; i++) {
            this.names[i] = ('"' + names[i] + "\":").getBytes(StandardCharsets.UTF_8);
        }
    }

    /**
     * Moves the cursor past the next field name of an object and its colon, to the field's value.
     *
     * @param c a cursor inside the object, before a field name
     * @param expected the field the contract writes next: the one after the previous field (0 first)
     * @return the field's index
     * @throws StrictValues.Unusual for a name that is not one of the fields (or written with escapes or blanks), or
     *         anything but a name
     */
    int next(CompactJsonCursor c, int expected) {
        if (expected < names.length && c.take(names[expected])) {
            return expected;
        }
        // Mostly a field after the expected one, that one being null and left out.
        for (int i = expected + 1; i < names.length; i++) {
            if (c.take(names[i])) {
                return i;
            }
        }
        for (int i = 0; i < Math.min(expected, names.length); i++) {
            if (c.take(names[i])) {
                return i;
            }
        }
        throw StrictValues.UNUSUAL;
    }
}
