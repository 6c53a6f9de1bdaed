package io.marketflow.ingest.fundamentals.client;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.DelegatingSeekableInputStream;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.io.SeekableInputStream;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

/**
 * Reads a flat Parquet file (the original {@code df_company_fundamentals.parquet}) into rows of column → value with
 * Parquet's own reader and no Hadoop: StandaloneReadOptions with {@link DecompressingCodecs}.
 */
public final class FundamentalsFile {

    private FundamentalsFile() {
    }

    /**
     * @param resource a classpath resource
     * @return its rows: strings for BINARY, Long for INT64, Integer for INT32, Double for DOUBLE/FLOAT, Boolean; null
     *         columns left out
     * @throws UncheckedIOException when the resource is missing or not Parquet
     */
    public static List<Map<String, Object>> readResource(String resource) {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("no classpath resource " + resource);
            }
            return read(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource + ": " + e.getMessage(), e);
        }
    }

    /**
     * @param bytes a whole Parquet file
     * @return its rows, as {@link #readResource(String)}
     * @throws IOException when the bytes are not Parquet
     */
    public static List<Map<String, Object>> read(byte[] bytes) throws IOException {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (ParquetFileReader reader = ParquetFileReader.open(new BytesInputFile(bytes), StandaloneReadOptions.create(new DecompressingCodecs()))) {
            MessageType schema = reader.getFooter().getFileMetaData().getSchema();
            PageReadStore pages;
            while ((pages = reader.readNextRowGroup()) != null) {
                RecordReader<Group> records = new ColumnIOFactory().getColumnIO(schema).getRecordReader(pages, new GroupRecordConverter(schema));
                for (long i = 0; i < pages.getRowCount(); i++) {
                    rows.add(row(records.read(), schema));
                }
            }
        }
        return rows;
    }

    private static Map<String, Object> row(Group group, MessageType schema) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < schema.getFieldCount(); i++) {
            Type field = schema.getType(i);
            if (!field.isPrimitive() || group.getFieldRepetitionCount(i) == 0) {
                continue;
            }
            row.put(field.getName(), switch (field.asPrimitiveType().getPrimitiveTypeName()) {
                case BINARY, FIXED_LEN_BYTE_ARRAY -> group.getString(i, 0);
                case INT64 -> group.getLong(i, 0);
                case INT32 -> group.getInteger(i, 0);
                case DOUBLE -> group.getDouble(i, 0);
                case FLOAT -> (double) group.getFloat(i, 0);
                case BOOLEAN -> group.getBoolean(i, 0);
                case INT96 -> null;
            });
        }
        row.values().removeIf(value -> value == null);
        return row;
    }

    /** A whole file in memory (the file is 230 KB; a classpath resource inside a jar has no file path). */
    private record BytesInputFile(byte[] bytes) implements InputFile {

        @Override
        public long getLength() {
            return bytes.length;
        }

        @Override
        public SeekableInputStream newStream() {
            SeekableBytes in = new SeekableBytes(bytes);
            return new DelegatingSeekableInputStream(in) {
                @Override
                public long getPos() {
                    return in.position();
                }

                @Override
                public void seek(long newPos) {
                    in.seek((int) newPos);
                }
            };
        }
    }

    /** A byte array stream whose position can be read and set. */
    private static final class SeekableBytes extends ByteArrayInputStream {

        SeekableBytes(byte[] bytes) {
            super(bytes);
        }

        int position() {
            return pos;
        }

        void seek(int position) {
            pos = position;
        }
    }
}
