package io.marketflow.sink.domain;

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
     * @param chars a buffer holding the characters
     * @param offset where they start
     * @param length how many
     * @return a string of those characters: the one remembered for them when there is one, else a new one, then
     *         remembered
     */
    String of(char[] chars, int offset, int length) {
        if (length > MAX_LENGTH) {
            return new String(chars, offset, length);
        }
        int hash = 0;
        for (int i = offset, end = offset + length; i < end; i++) {
            hash = 31 * hash + chars[i];
        }
        int slot = (hash ^ hash >>> 16) & slots.length - 1;
        String remembered = slots[slot];
        if (has(remembered, chars, offset, length)) {
            return remembered;
        }
        String string = new String(chars, offset, length);
        slots[slot] = string;
        return string;
    }

    /**
     * @param previous the previous value of the same field, or null
     * @return previous when it has these characters, else a new string
     */
    static String reuse(String previous, char[] chars, int offset, int length) {
        return has(previous, chars, offset, length) ? previous : new String(chars, offset, length);
    }

    /** @return true when the string is not null and has exactly these characters */
    static boolean has(String string, char[] chars, int offset, int length) {
        if (string == null || string.length() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (string.charAt(i) != chars[offset + i]) {
                return false;
            }
        }
        return true;
    }
}
