package io.marketflow.sink.domain;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import io.marketflow.contract.InvalidRecordException;

/**
 * Where one dataset's file columns and Hive partition values sit in the flat arrays of its {@link RecordType}, resolved
 * once per dataset so the per-record path does no name lookups.
 *
 * @param spec the dataset
 * @param schema its file schema
 * @param columnSlots flat-array slot of each file column except the two Kafka coordinates
 * @param timestampSlots flat-array slot of each TIMESTAMP_MICROS file column
 * @param partitionSlots flat-array slot of each partition level, outermost first
 * @param paths Hive paths by partition values
 */
public record RowLayout(DatasetSpec spec, TableSchema schema, int[] columnSlots, int[] timestampSlots, int[] partitionSlots,
                        Map<PathKey, String> paths) {

    /**
     * Distinct paths remembered per dataset; past it paths are built every time (a dataset partitioned by a
     * high-cardinality field must not grow the heap).
     */
    static final int MAX_CACHED_PATHS = 100_000;

    /**
     * @param spec a dataset
     * @return its layout
     */
    public static RowLayout of(DatasetSpec spec) {
        TableSchema schema = spec.schema();
        List<Column> columns = schema.columns();
        int[] columnSlots = new int[columns.size() - 2];
        for (int i = 0; i < columnSlots.length; i++) {
            columnSlots[i] = spec.recordType().slot(columns.get(i).name());
        }
        int[] timestampSlots = columns.stream().filter(c -> c.type() == ColumnType.TIMESTAMP_MICROS)
                .mapToInt(c -> spec.recordType().slot(c.name())).toArray();
        int[] partitionSlots = spec.partitionBy().stream().mapToInt(spec.recordType()::slot).toArray();
        return new RowLayout(spec, schema, columnSlots, timestampSlots, partitionSlots, new ConcurrentHashMap<>());
    }

    /**
     * Appends a flat row of the record type to a file's buffer, with its Kafka coordinates.
     *
     * @param buffer the rows of the file the row belongs to
     * @param flat a flat row of the record type
     * @param partition the Kafka partition it came from
     * @param offset its Kafka offset
     */
    public void append(RowBuffer buffer, Object[] flat, int partition, long offset) {
        buffer.add(flat, columnSlots, partition, offset);
    }

    /**
     * Checked while a record is converted, so that a value its column cannot hold goes to the dead-letter topic
     * instead of failing the file it would have been buffered into.
     *
     * @param flat a flat row of the record type
     * @throws InvalidRecordException when a timestamp is beyond what TIMESTAMP(MICROS) holds (±292,000 years)
     */
    public void requireStorable(Object[] flat) {
        for (int slot : timestampSlots) {
            Object value = flat[slot];
            if (value != null) {
                try {
                    RowBuffer.micros((Instant) value);
                } catch (ArithmeticException e) {
                    throw new InvalidRecordException("timestamp " + value + " is out of the range of microseconds since 1970");
                }
            }
        }
    }

    /**
     * @param flat a flat row of the record type
     * @return its Hive path, e.g. {@code ticker=AAPL/date=2026-11-20}
     */
    public String hivePath(Object[] flat) {
        // Formatting dates, escaping and hashing a new path string was ~8 % of the writer's time per row; a handful of
        // values (ticker, source, date) repeat across millions of rows, and one String instance also keeps its hash.
        Object[] values = new Object[partitionSlots.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = flat[partitionSlots[i]];
        }
        PathKey key = new PathKey(values);
        String path = paths.get(key);
        if (path == null) {
            path = HivePath.of(spec.partitionBy(), partitionSlots, flat);
            if (paths.size() < MAX_CACHED_PATHS) {
                paths.putIfAbsent(key, path);
            }
        }
        return path;
    }

    /**
     * The path of a row that follows another of the same record: a week's bars share their ticker and mostly their
     * year or date, so the path of the row before is the answer without a lookup for all but a few.
     *
     * @param flat a flat row of the record type
     * @param previous the row before it, null for a record's first
     * @param previousPath the path of {@code previous}
     * @return its Hive path
     */
    public String hivePath(Object[] flat, Object[] previous, String previousPath) {
        if (previous != null) {
            boolean same = true;
            for (int slot : partitionSlots) {
                if (!Objects.equals(flat[slot], previous[slot])) {
                    same = false;
                    break;
                }
            }
            if (same) {
                return previousPath;
            }
        }
        return hivePath(flat);
    }

    /** The partition values of a row, compared by value. */
    record PathKey(Object[] values) {
        @Override
        public boolean equals(Object other) {
            return other instanceof PathKey key && Arrays.equals(values, key.values);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(values);
        }
    }
}
