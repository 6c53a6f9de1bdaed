package io.marketflow.sink.format.parquet;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.GroupWriter;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.DelegatingSeekableInputStream;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.io.SeekableInputStream;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;

/**
 * Merges Parquet files of one schema into one file, row by row in the given order (compaction). Reads and writes in
 * memory with the standalone codecs, so it needs no Hadoop either.
 */
public final class ParquetFileMerger {

    private final WriteSettings settings;

    /**
     * @param codec codec of the merged file
     * @param rowGroupBytes row group size of the merged file
     */
    public ParquetFileMerger(CompressionCodecName codec, int rowGroupBytes) {
        this.settings = new WriteSettings(codec, rowGroupBytes);
    }

    /**
     * @param file a Parquet file
     * @return its schema
     */
    public static MessageType schemaOf(byte[] file) {
        try (ParquetFileReader reader = open(file)) {
            return reader.getFooter().getFileMetaData().getSchema();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param file a Parquet file
     * @return its row count
     */
    public static long rowCount(byte[] file) {
        try (ParquetFileReader reader = open(file)) {
            return reader.getRecordCount();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param schema the common schema
     * @param files the files, in the order their rows should appear
     * @return one file holding every row of every input
     */
    public byte[] merge(MessageType schema, List<byte[]> files) {
        InMemoryOutputFile out = new InMemoryOutputFile();
        try (ParquetWriter<Group> writer = settings.applyTo(new Builder(out, schema)).build()) {
            for (byte[] file : files) {
                try (ParquetFileReader reader = open(file)) {
                    MessageType fileSchema = reader.getFooter().getFileMetaData().getSchema();
                    if (!fileSchema.equals(schema)) {
                        throw new IllegalArgumentException("schema differs: " + fileSchema);
                    }
                    var columnIo = new ColumnIOFactory().getColumnIO(schema);
                    PageReadStore pages;
                    while ((pages = reader.readNextRowGroup()) != null) {
                        RecordReader<Group> records = columnIo.getRecordReader(pages, new GroupRecordConverter(schema));
                        for (long i = 0; i < pages.getRowCount(); i++) {
                            writer.write(records.read());
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot merge Parquet files", e);
        }
        return out.toByteArray();
    }

    private static ParquetFileReader open(byte[] file) throws IOException {
        ParquetReadOptions options = ParquetReadOptions.builder(new PlainParquetConfiguration()).withCodecFactory(WriteSettings.CODECS).build();
        return ParquetFileReader.open(new BytesInputFile(file), options);
    }

    /** A whole file in memory as a Parquet {@link InputFile}. */
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
                    in.seekTo((int) newPos);
                }
            };
        }
    }

    /** A byte array stream whose position can be read and set. */
    private static final class SeekableBytes extends ByteArrayInputStream {

        SeekableBytes(byte[] bytes) {
            super(bytes);
        }

        long position() {
            return pos;
        }

        void seekTo(int position) {
            pos = position;
        }
    }

    /** Writes example {@link Group}s as read, field for field. */
    private static final class Builder extends ParquetWriter.Builder<Group, Builder> {

        private final MessageType schema;

        Builder(InMemoryOutputFile file, MessageType schema) {
            super(file);
            this.schema = schema;
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        protected WriteSupport<Group> getWriteSupport(org.apache.hadoop.conf.Configuration conf) {
            return new GroupSupport(schema);
        }

        @Override
        protected WriteSupport<Group> getWriteSupport(ParquetConfiguration conf) {
            return new GroupSupport(schema);
        }
    }

    /** The write support of {@link Builder}. */
    private static final class GroupSupport extends WriteSupport<Group> {

        private final MessageType schema;
        private GroupWriter writer;

        GroupSupport(MessageType schema) {
            this.schema = schema;
        }

        @Override
        public WriteContext init(org.apache.hadoop.conf.Configuration configuration) {
            return new WriteContext(schema, Map.of());
        }

        @Override
        public WriteContext init(ParquetConfiguration configuration) {
            return new WriteContext(schema, Map.of());
        }

        @Override
        public void prepareForWrite(RecordConsumer recordConsumer) {
            writer = new GroupWriter(recordConsumer, schema);
        }

        @Override
        public void write(Group record) {
            writer.write(record);
        }
    }
}
