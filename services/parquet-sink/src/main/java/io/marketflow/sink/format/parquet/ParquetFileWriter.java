package io.marketflow.sink.format.parquet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

import io.marketflow.sink.domain.Column;
import io.marketflow.sink.domain.ColumnType;
import io.marketflow.sink.domain.TableSchema;

/**
 * Turns a list of rows into one complete Parquet file in memory. Files are written only at cut time from rows already
 * buffered, so a thousand open partition paths cost their rows, never a thousand open writers with their row groups.
 */
public final class ParquetFileWriter {

    private final WriteSettings settings;

    /**
     * @param codec SNAPPY, ZSTD or UNCOMPRESSED
     * @param rowGroupBytes target row group size
     */
    public ParquetFileWriter(CompressionCodecName codec, int rowGroupBytes) {
        this.settings = new WriteSettings(codec, rowGroupBytes);
    }

    /**
     * @param schema the dataset schema
     * @param rows rows in schema column order
     * @return the file's bytes; the same rows always give the same bytes
     */
    public byte[] write(TableSchema schema, List<Object[]> rows) {
        InMemoryOutputFile file = new InMemoryOutputFile();
        Builder builder = settings.applyTo(new Builder(file, schema)).withPageWriteChecksumEnabled(true);
        for (Column column : schema.columns()) {
            if (column.type() == ColumnType.TIMESTAMP_MICROS || column.type() == ColumnType.INT64 || column.type() == ColumnType.DOUBLE) {
                // Nearly unique values (times, offsets, ids) fall back to plain anyway; for doubles (prices, volumes)
                // the dictionary's hash lookups were ~15 % of the encoding threads' CPU, and ZSTD/SNAPPY take most of
                // the repetition out of plain doubles too (sizes in docs/BENCHMARKS.md).
                builder.withDictionaryEncoding(column.name(), false);
            }
        }
        try (ParquetWriter<Object[]> writer = builder.build()) {
            for (Object[] row : rows) {
                writer.write(row);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write Parquet for " + schema.name(), e);
        }
        return file.toByteArray();
    }

    /** The builder that plugs our write support in without a Hadoop {@code Configuration}. */
    private static final class Builder extends ParquetWriter.Builder<Object[], Builder> {

        private final TableSchema schema;

        Builder(InMemoryOutputFile file, TableSchema schema) {
            super(file);
            this.schema = schema;
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        protected WriteSupport<Object[]> getWriteSupport(org.apache.hadoop.conf.Configuration conf) {
            return new RowWriteSupport(schema);
        }

        @Override
        protected WriteSupport<Object[]> getWriteSupport(ParquetConfiguration conf) {
            return new RowWriteSupport(schema);
        }
    }
}
