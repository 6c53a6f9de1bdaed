package io.marketflow.sink.domain;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where one dataset's file columns and Hive partition values sit in the flat arrays of its {@link RecordType}, resolved
 * once per dataset so the per-record path does no name lookups.
 *
 * @param spec the dataset
 * @param schema its file schema
 * @param columnSlots flat-array slot of each file column except the two Kafka coordinates
 * @param partitionSlots flat-array slot of each partition level, outermost first
 */
public record RowLayout(DatasetSpec spec, TableSchema schema, int[] columnSlots, int[] partitionSlots, Map<PathKey, String> paths) {

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
        int[] partitionSlots = spec.partitionBy().stream().mapToInt(spec.recordType()::slot).toArray();
        return new RowLayout(spec, schema, columnSlots, partitionSlots, new ConcurrentHashMap<>());
    }

    /**
     * @param flat a flat row of the record type
     * @param partition the Kafka partition it came from
     * @param offset its Kafka offset
     * @return the file row, in schema column order
     */
    public Object[] fileRow(Object[] flat, int partition, long offset) {
        Object[] row = new Object[columnSlots.length + 2];
        for (int i = 0; i < columnSlots.length; i++) {
            row[i] = flat[columnSlots[i]];
        }
        row[columnSlots.length] = partition;
        row[columnSlots.length + 1] = offset;
        return row;
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
