package io.marketflow.sink.domain;

import java.nio.charset.StandardCharsets;

/**
 * Short strings that repeat from row to row (tickers, sources, exchange and condition codes), handed out again instead
 * of a new String each time, for the streaming fast paths' time and the buffered rows' memory (and a shared instance
 * keeps its hash for the Hive path lookup).
 *
 * <p>An instance remembers one string per slot of a small table, the last one seen with that slot's hash; it is
 * thread-safe without locks, as a slot only ever holds a complete immutable String and a lost update only costs a new
 * String later.
 */
final class RepeatedStrings {

    /** Longer strings are not remembered: they rarely repeat, and hashing them costs more than it saves. */
    static final int MAX_LENGTH = 32;

    private final String[] slots;

    /** @param size how many strings it remembers at the most, a power of two */
    RepeatedStrings(int size) {
        if (size <= 0 || Integer.bitCount(size) != 1) {
            throw new IllegalArgumentException("size must be a power of two, was " + size);
        }
        this.slots = new String[size];
    }

    /**
     * @param ascii a buffer holding the characters, one byte each (ASCII: the fast paths read no other strings)
     * @param offset where they start
     * @param length how many
     * @return a string of those characters: the one remembered for them when there is one, else a new one, then
     *         remembered
     */
    String of(byte[] ascii, int offset, int length) {
        if (length > MAX_LENGTH) {
            return string(ascii, offset, length);
        }
        int hash = 0;
        for (int i = offset, end = offset + length; i < end; i++) {
            hash = 31 * hash + ascii[i];
        }
        int slot = (hash ^ hash >>> 16) & slots.length - 1;
        String remembered = slots[slot];
        if (has(remembered, ascii, offset, length)) {
            return remembered;
        }
        String string = string(ascii, offset, length);
        slots[slot] = string;
        return string;
    }

    /**
     * @param previous the previous value of the same field, or null
     * @return previous when it has these characters (ASCII, as in {@link #of}), else a new string
     */
    static String reuse(String previous, byte[] ascii, int offset, int length) {
        return has(previous, ascii, offset, length) ? previous : string(ascii, offset, length);
    }

    /** @return true when the string is not null and has exactly these characters (ASCII, as in {@link #of}) */
    private static boolean has(String string, byte[] ascii, int offset, int length) {
        if (string == null || string.length() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (string.charAt(i) != ascii[offset + i]) {
                return false;
            }
        }
        return true;
    }

    private static String string(byte[] ascii, int offset, int length) {
        // Latin-1 is ASCII's one byte per character, and a compact String's own encoding: a copy, no decoding.
        return new String(ascii, offset, length, StandardCharsets.ISO_8859_1);
    }
}
