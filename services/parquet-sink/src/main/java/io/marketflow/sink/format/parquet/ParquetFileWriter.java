package io.marketflow.sink.format.parquet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnWriteStore;
import org.apache.parquet.column.ColumnWriter;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.compression.CompressionCodecFactory.BytesInputCompressor;
import org.apache.parquet.hadoop.ColumnChunkPageWriteStore;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;

import io.marketflow.sink.domain.Column;
import io.marketflow.sink.domain.ColumnType;
import io.marketflow.sink.domain.RowBuffer;
import io.marketflow.sink.domain.TableSchema;

/**
 * Turns one file's buffered rows into a complete Parquet file in memory. Files are written only at cut time from rows
 * already buffered, so a thousand open partition paths cost their columns, never a thousand open writers.
 *
 * <p>Values go from the {@link RowBuffer}'s arrays straight into Parquet's column writers with their repetition and
 * definition levels: the record-consumer layer of {@code ParquetWriter} (field bookkeeping, a boxed value and a null
 * check per field) was about a third of the encoding threads' CPU. The file layout is what {@code ParquetWriter} makes
 * (same properties, page store and footer), so readers see no difference.
 */
public final class ParquetFileWriter {

    /** How many rows between two checks of a row group's buffered size (the check walks every column). */
    private static final int ROW_GROUP_CHECK_ROWS = 1024;
    /** Rows written column by column before their record ends; a divisor of {@link #ROW_GROUP_CHECK_ROWS}. */
    private static final int CHUNK_ROWS = 256;

    private final WriteSettings settings;
    private final Map<TableSchema, Encoding> encodings = new ConcurrentHashMap<>();

    /**
     * @param codec SNAPPY, ZSTD or UNCOMPRESSED
     * @param rowGroupBytes target row group size
     */
    public ParquetFileWriter(CompressionCodecName codec, int rowGroupBytes) {
        this.settings = new WriteSettings(codec, rowGroupBytes);
    }

    /**
     * @param rows one file's rows
     * @return the file's bytes; the same rows always give the same bytes
     */
    public byte[] write(RowBuffer rows) {
        TableSchema schema = rows.schema();
        Encoding encoding = encodings.computeIfAbsent(schema, Encoding::of);
        InMemoryOutputFile file = new InMemoryOutputFile();
        BytesInputCompressor compressor = WriteSettings.CODECS.getCompressor(settings.codec());
        try {
            org.apache.parquet.hadoop.ParquetFileWriter out = new org.apache.parquet.hadoop.ParquetFileWriter(file, encoding.type(),
                    org.apache.parquet.hadoop.ParquetFileWriter.Mode.CREATE, settings.rowGroupBytes(), ParquetWriter.MAX_PADDING_SIZE_DEFAULT,
                    null, encoding.properties());
            out.start();
            int first = 0;
            int ordinal = 0;
            while (first < rows.size()) {
                first = writeRowGroup(rows, first, encoding, compressor, out, ordinal++);
            }
            // No extra key-value metadata: the file bytes depend only on the rows, which keeps replays byte-identical.
            out.end(Map.of());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write Parquet for " + schema.name(), e);
        }
        return file.toByteArray();
    }

    /** @return the first row after the row group written */
    private int writeRowGroup(RowBuffer rows, int first, Encoding encoding, BytesInputCompressor compressor,
                              org.apache.parquet.hadoop.ParquetFileWriter out, int ordinal) throws IOException {
        ParquetProperties properties = encoding.properties();
        ColumnChunkPageWriteStore pages = ColumnChunkPageWriteStore.builder()
                .withSchema(encoding.type())
                .withAllocator(properties.getAllocator())
                .withColumnIndexTruncateLength(properties.getColumnIndexTruncateLength())
                .withPageWriteChecksumEnabled(properties.getPageWriteChecksumEnabled())
                .withRowGroupOrdinal(ordinal)
                .withCompressorProvider(column -> compressor)
                .build();
        ColumnWriteStore store = properties.newColumnWriteStore(encoding.type(), pages, pages);
        try {
            ColumnWriter[] leaves = new ColumnWriter[encoding.leaves().size()];
            for (int i = 0; i < leaves.length; i++) {
                leaves[i] = store.getColumnWriter(encoding.leaves().get(i));
            }
            int row = first;
            while (row < rows.size()) {
                // A chunk of rows column by column, then their record ends: one type switch per column and chunk, and
                // loops the JIT compiles per type, instead of a switch per value. Each column writer counts its own
                // rows, and the store checks page sizes only in endRecord, when every column holds the whole chunk.
                int end = Math.min(rows.size(), row + CHUNK_ROWS);
                for (int c = 0; c < encoding.columns().length; c++) {
                    writeColumn(rows, c, row, end, leaves, encoding);
                }
                for (int r = row; r < end; r++) {
                    store.endRecord();
                }
                row = end;
                if ((row - first) % ROW_GROUP_CHECK_ROWS == 0 && store.getBufferedSize() >= settings.rowGroupBytes()) {
                    break;
                }
            }
            out.startBlock(row - first);
            store.flush();
            pages.flushToFileWriter(out);
            out.endBlock();
            return row;
        } finally {
            store.close();
            pages.close();
        }
    }

    /**
     * Writes rows [from, to) of one dataset column into its leaf column writers. One loop per value type, on purpose:
     * a shared loop over a lambda would give all types one call-site profile, and this runs for every value.
     */
    private static void writeColumn(RowBuffer rows, int c, int from, int to, ColumnWriter[] leaves, Encoding encoding) {
        ColumnWriter leaf = leaves[encoding.firstLeaf()[c]];
        switch (encoding.columns()[c]) {
            case STRING -> {
                Object[] values = rows.objects(c);
                Object lastString = null;
                Binary lastBinary = null;
                for (int r = from; r < to; r++) {
                    Object value = values[r];
                    if (value == null) {
                        leaf.writeNull(0, 0);
                        continue;
                    }
                    if (value != lastString) {
                        // Tickers, sources and codes are shared String instances: encode each once per run of it.
                        lastString = value;
                        lastBinary = Binary.fromString((String) value);
                    }
                    leaf.write(lastBinary, 0, 1);
                }
            }
            case INT32, DATE -> {
                int[] values = rows.ints(c);
                for (int r = from; r < to; r++) {
                    if (rows.isNull(c, r)) {
                        leaf.writeNull(0, 0);
                    } else {
                        leaf.write(values[r], 0, 1);
                    }
                }
            }
            case INT64, TIMESTAMP_MICROS -> {
                long[] values = rows.longs(c);
                for (int r = from; r < to; r++) {
                    if (rows.isNull(c, r)) {
                        leaf.writeNull(0, 0);
                    } else {
                        leaf.write(values[r], 0, 1);
                    }
                }
            }
            case DOUBLE -> {
                double[] values = rows.doubles(c);
                for (int r = from; r < to; r++) {
                    if (rows.isNull(c, r)) {
                        leaf.writeNull(0, 0);
                    } else {
                        leaf.write(values[r], 0, 1);
                    }
                }
            }
            case BOOLEAN -> {
                boolean[] values = rows.booleans(c);
                for (int r = from; r < to; r++) {
                    if (rows.isNull(c, r)) {
                        leaf.writeNull(0, 0);
                    } else {
                        leaf.write(values[r], 0, 1);
                    }
                }
            }
            case STRING_LIST -> {
                Object[] values = rows.objects(c);
                for (int r = from; r < to; r++) {
                    if (values[r] == null) {
                        leaf.writeNull(0, 0);
                    } else {
                        writeList(leaf, (List<?>) values[r]);
                    }
                }
            }
            case STRING_DOUBLE_MAP -> {
                Object[] values = rows.objects(c);
                ColumnWriter valueLeaf = leaves[encoding.firstLeaf()[c] + 1];
                for (int r = from; r < to; r++) {
                    if (values[r] == null) {
                        leaf.writeNull(0, 0);
                        valueLeaf.writeNull(0, 0);
                    } else {
                        writeMap(leaf, valueLeaf, (Map<?, ?>) values[r]);
                    }
                }
            }
        }
    }

    /**
     * The standard three-level LIST ({@code optional group (LIST) { repeated group list { optional binary element }}}):
     * definition 1 = empty list, 2 = null element, 3 = element; repetition 1 = another element of the same list.
     */
    private static void writeList(ColumnWriter element, List<?> values) {
        if (values.isEmpty()) {
            element.writeNull(0, 1);
            return;
        }
        int repetition = 0;
        for (Object value : values) {
            if (value == null) {
                element.writeNull(repetition, 2);
            } else {
                element.write(Binary.fromString(value.toString()), repetition, 3);
            }
            repetition = 1;
        }
    }

    /**
     * The standard MAP ({@code optional group (MAP) { repeated group key_value { required binary key; optional double
     * value }}}): definition 1 = empty map, 2 = entry (key), 3 = non-null value.
     */
    private static void writeMap(ColumnWriter key, ColumnWriter value, Map<?, ?> values) {
        if (values.isEmpty()) {
            key.writeNull(0, 1);
            value.writeNull(0, 1);
            return;
        }
        int repetition = 0;
        // Sorted keys: the same map always encodes to the same bytes (Map.copyOf has no stable order).
        for (Map.Entry<?, ?> entry : new TreeMap<>(values).entrySet()) {
            key.write(Binary.fromString(entry.getKey().toString()), repetition, 2);
            if (entry.getValue() == null) {
                value.writeNull(repetition, 2);
            } else {
                value.write(((Number) entry.getValue()).doubleValue(), repetition, 3);
            }
            repetition = 1;
        }
    }

    /**
     * What a schema's files share: the Parquet schema, its leaf columns and the writer properties.
     *
     * @param type the Parquet schema
     * @param leaves its leaf columns in order
     * @param columns the type of each dataset column
     * @param firstLeaf the index in {@code leaves} of each dataset column's first leaf (a map has two)
     * @param properties page, dictionary and checksum settings
     */
    private record Encoding(MessageType type, List<ColumnDescriptor> leaves, ColumnType[] columns, int[] firstLeaf,
                            ParquetProperties properties) {

        static Encoding of(TableSchema schema) {
            MessageType type = ParquetSchemas.of(schema);
            List<Column> columns = schema.columns();
            ColumnType[] types = new ColumnType[columns.size()];
            int[] firstLeaf = new int[columns.size()];
            int leaf = 0;
            ParquetProperties.Builder properties = ParquetProperties.builder().withPageWriteChecksumEnabled(true);
            for (int c = 0; c < columns.size(); c++) {
                types[c] = columns.get(c).type();
                firstLeaf[c] = leaf;
                leaf += types[c] == ColumnType.STRING_DOUBLE_MAP ? 2 : 1;
                if (types[c] == ColumnType.TIMESTAMP_MICROS || types[c] == ColumnType.INT64 || types[c] == ColumnType.DOUBLE) {
                    // Nearly unique values (times, offsets, ids) fall back to plain anyway; for doubles (prices,
                    // volumes) the dictionary's hash lookups were ~15 % of the encoding threads' CPU, and ZSTD/SNAPPY
                    // take most of the repetition out of plain doubles too (sizes in docs/BENCHMARKS.md).
                    properties.withDictionaryEncoding(columns.get(c).name(), false);
                }
            }
            if (leaf != type.getColumns().size()) {
                throw new IllegalStateException("schema " + schema.name() + " has " + type.getColumns().size() + " leaves, expected " + leaf);
            }
            return new Encoding(type, type.getColumns(), types, firstLeaf, properties.build());
        }
    }
}
