package io.marketflow.sink.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The buffered rows of one file, column by column in primitive arrays: a row of boxed values per record made the heap
 * a few million small objects that every young collection copied and every full one traced (~15 % of the sink's wall
 * time in GC pauses), while a column is one array that moves as a block and encodes straight into Parquet.
 *
 * <p>Timestamps are kept as UTC microseconds and dates as epoch days, the values their Parquet columns store. Strings,
 * lists and maps stay references (tickers and codes are shared instances, see {@link RepeatedStrings}).
 */
public final class RowBuffer {

    /** The capacity of a buffer with no history: small, as a thousand open paths may each hold a row or two. */
    public static final int FIRST_CAPACITY = 64;

    /** Recent instances remembered per reference column: enough for a column's few codes (exchanges, conditions). */
    private static final int RECENT = 16;
    private static final int REFERENCE_BYTES = 8;
    private static final int OBJECT_HEADER = 24;
    private static final int ARRAY_HEADER = 16;

    private final TableSchema schema;
    private final ColumnType[] types;
    /** Per column: {@code long[]}, {@code double[]}, {@code int[]}, {@code boolean[]} or {@code Object[]} by type. */
    private final Object[] values;
    /** Per primitive column: a bit per row, set when the value is null; null for reference columns (null is null). */
    private final long[][] nulls;
    /** Per column: whether any null was stored, so that a column without nulls skips the bit test. */
    private final boolean[] hasNulls;
    /** Per reference column: the instances its last rows held, by identity hash, so a shared value is counted once. */
    private final Object[][] recent;
    private int size;
    private int capacity;
    /** See {@link #heapBytes()}. */
    private long heapBytes;

    /**
     * @param schema the file schema whose columns this buffer holds
     * @param initialCapacity rows to hold before growing: the previous file of the same path had about as many, and every
     *                 doubling copies every column (~5 % of the bar benchmark's CPU when buffers started small)
     */
    public RowBuffer(TableSchema schema, int initialCapacity) {
        this.schema = schema;
        List<Column> columns = schema.columns();
        this.types = new ColumnType[columns.size()];
        this.values = new Object[columns.size()];
        this.nulls = new long[columns.size()][];
        this.hasNulls = new boolean[columns.size()];
        this.recent = new Object[columns.size()][];
        this.capacity = Math.max(FIRST_CAPACITY, initialCapacity);
        for (int c = 0; c < types.length; c++) {
            types[c] = columns.get(c).type();
            values[c] = newArray(types[c], capacity);
            if (isReference(types[c])) {
                recent[c] = new Object[RECENT];
            } else {
                nulls[c] = new long[words(capacity)];
            }
        }
        this.heapBytes = arrayBytes(capacity);
    }

    /**
     * Appends one row: the file columns from a flat row of the record type, then the two Kafka coordinates.
     *
     * @param flat a flat row of the record type
     * @param columnSlots flat-array slot of each file column except the Kafka coordinates ({@link RowLayout})
     * @param partition the Kafka partition
     * @param offset the Kafka offset
     */
    public void add(Object[] flat, int[] columnSlots, int partition, long offset) {
        if (size == capacity) {
            grow();
        }
        for (int c = 0; c < columnSlots.length; c++) {
            set(c, flat[columnSlots[c]]);
        }
        ((int[]) values[columnSlots.length])[size] = partition;
        ((long[]) values[columnSlots.length + 1])[size] = offset;
        size++;
    }

    /**
     * What the memory caps count: the column arrays at their capacity, plus the objects the rows refer to, each counted
     * when a row brings an instance the column did not hold recently. Shared tickers and codes cost their reference;
     * a news text costs its characters. An estimate from above (16-bit characters, 8-byte references), not a guess
     * from the record's size: counting JSON bytes per row cut trade and bar segments at a third of their real size.
     *
     * @return estimated heap bytes of this buffer
     */
    public long heapBytes() {
        return heapBytes;
    }

    /** @return the schema */
    public TableSchema schema() {
        return schema;
    }

    /** @return the number of rows */
    public int size() {
        return size;
    }

    /**
     * @param column a column index
     * @param row a row index
     * @return true when the value is null
     */
    public boolean isNull(int column, int row) {
        if (!hasNulls[column]) {
            return false;
        }
        long[] bits = nulls[column];
        return bits == null ? ((Object[]) values[column])[row] == null : (bits[row >>> 6] & 1L << row) != 0;
    }

    /**
     * @param column an INT64 or TIMESTAMP_MICROS column
     * @return its values, valid up to {@link #size()}
     */
    public long[] longs(int column) {
        return (long[]) values[column];
    }

    /**
     * @param column a DOUBLE column
     * @return its values, valid up to {@link #size()}
     */
    public double[] doubles(int column) {
        return (double[]) values[column];
    }

    /**
     * @param column an INT32 or DATE column
     * @return its values, valid up to {@link #size()}
     */
    public int[] ints(int column) {
        return (int[]) values[column];
    }

    /**
     * @param column a BOOLEAN column
     * @return its values, valid up to {@link #size()}
     */
    public boolean[] booleans(int column) {
        return (boolean[]) values[column];
    }

    /**
     * @param column a STRING, STRING_LIST or STRING_DOUBLE_MAP column
     * @return its values (null for null), valid up to {@link #size()}
     */
    public Object[] objects(int column) {
        return (Object[]) values[column];
    }

    private void set(int c, Object value) {
        int row = size;
        if (value == null) {
            hasNulls[c] = true;
            switch (types[c]) {
                case STRING, STRING_LIST, STRING_DOUBLE_MAP -> ((Object[]) values[c])[row] = null;
                default -> nulls[c][row >>> 6] |= 1L << row;
            }
            return;
        }
        switch (types[c]) {
            case STRING, STRING_LIST, STRING_DOUBLE_MAP -> {
                ((Object[]) values[c])[row] = value;
                heapBytes += objectBytes(recent[c], value);
            }
            case INT32 -> ((int[]) values[c])[row] = ((Number) value).intValue();
            case DATE -> ((int[]) values[c])[row] = (int) ((LocalDate) value).toEpochDay();
            case INT64 -> ((long[]) values[c])[row] = ((Number) value).longValue();
            case TIMESTAMP_MICROS -> ((long[]) values[c])[row] = micros((Instant) value);
            case DOUBLE -> ((double[]) values[c])[row] = ((Number) value).doubleValue();
            case BOOLEAN -> ((boolean[]) values[c])[row] = (Boolean) value;
        }
    }

    private void grow() {
        int next = capacity * 2;
        for (int c = 0; c < types.length; c++) {
            values[c] = switch (types[c]) {
                case STRING, STRING_LIST, STRING_DOUBLE_MAP -> Arrays.copyOf((Object[]) values[c], next);
                case INT32, DATE -> Arrays.copyOf((int[]) values[c], next);
                case INT64, TIMESTAMP_MICROS -> Arrays.copyOf((long[]) values[c], next);
                case DOUBLE -> Arrays.copyOf((double[]) values[c], next);
                case BOOLEAN -> Arrays.copyOf((boolean[]) values[c], next);
            };
            if (nulls[c] != null) {
                nulls[c] = Arrays.copyOf(nulls[c], words(next));
            }
        }
        heapBytes += arrayBytes(next) - arrayBytes(capacity);
        capacity = next;
    }

    /** @return the bytes of every column's arrays at this capacity, with their null bits or recent instances */
    private long arrayBytes(int rows) {
        long bytes = 0;
        for (ColumnType type : types) {
            bytes += ARRAY_HEADER + (long) rows * switch (type) {
                case STRING, STRING_LIST, STRING_DOUBLE_MAP -> REFERENCE_BYTES;
                case INT32, DATE -> Integer.BYTES;
                case INT64, TIMESTAMP_MICROS, DOUBLE -> Long.BYTES;
                case BOOLEAN -> 1;
            };
            // A primitive column's null bits; a reference column's recent instances.
            bytes += ARRAY_HEADER + (isReference(type) ? (long) RECENT * REFERENCE_BYTES : (long) words(rows) * Long.BYTES);
        }
        return bytes;
    }

    /** @return the bytes of a value not among the column's recent instances (which it then joins), else 0 */
    private static long objectBytes(Object[] recent, Object value) {
        int slot = System.identityHashCode(value) & (RECENT - 1);
        if (recent[slot] == value) {
            return 0;
        }
        recent[slot] = value;
        if (value instanceof String s) {
            return stringBytes(s);
        }
        if (value instanceof List<?> list) {
            long bytes = OBJECT_HEADER + ARRAY_HEADER + (long) list.size() * REFERENCE_BYTES;
            for (Object element : list) {
                bytes += element == null ? 0 : stringBytes(element.toString());
            }
            return bytes;
        }
        if (value instanceof Map<?, ?> map) {
            long bytes = OBJECT_HEADER + ARRAY_HEADER;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                // The entry, its key, its boxed value and its table slot.
                bytes += 3L * OBJECT_HEADER + REFERENCE_BYTES + stringBytes(String.valueOf(entry.getKey())) + Double.BYTES;
            }
            return bytes;
        }
        return OBJECT_HEADER;
    }

    private static long stringBytes(String s) {
        // The String, its array, two bytes per character (UTF-16 when not Latin-1).
        return OBJECT_HEADER + ARRAY_HEADER + 2L * s.length();
    }

    private static Object newArray(ColumnType type, int capacity) {
        return switch (type) {
            case STRING, STRING_LIST, STRING_DOUBLE_MAP -> new Object[capacity];
            case INT32, DATE -> new int[capacity];
            case INT64, TIMESTAMP_MICROS -> new long[capacity];
            case DOUBLE -> new double[capacity];
            case BOOLEAN -> new boolean[capacity];
        };
    }

    private static boolean isReference(ColumnType type) {
        return type == ColumnType.STRING || type == ColumnType.STRING_LIST || type == ColumnType.STRING_DOUBLE_MAP;
    }

    private static int words(int bits) {
        return (bits + 63) >>> 6;
    }

    /** @return the instant in UTC microseconds, as TIMESTAMP(MICROS) stores it */
    static long micros(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000L);
    }
}
