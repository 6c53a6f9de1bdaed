package io.marketflow.sink.format.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.marketflow.sink.domain.RecordType;
import io.marketflow.sink.domain.RowBuffer;
import io.marketflow.sink.domain.TableSchema;

/** Parquet encoding: deterministic bytes (what makes replays overwrite instead of duplicate), every value read back, merging. */
class ParquetFileWriterTest {

    private static final TableSchema FUNDAMENTALS = TableSchema.of("h_company", RecordType.FUNDAMENTALS.fields(), List.of("ticker"));
    private static final TableSchema TRADES = TableSchema.of("stock_trades", RecordType.TRADE.fields(), List.of("ticker"));

    @TempDir
    Path dir;

    private static RowBuffer fundamentals(int n) {
        RowBuffer rows = new RowBuffer(FUNDAMENTALS, RowBuffer.FIRST_CAPACITY);
        for (int i = 0; i < n; i++) {
            add(rows, "FY", 2020 + i % 5, LocalDate.of(2025, 1, 1), null, "USD", Map.of("b", 2.0, "a", 1.0 * i, "c", 3.0), "fmp", 1, null,
                    LocalDate.of(2025, 3, 1), 0, (long) i);
        }
        return rows;
    }

    /** Appends a row given in file column order, Kafka coordinates last. */
    private static void add(RowBuffer rows, Object... row) {
        int[] slots = IntStream.range(0, row.length - 2).toArray();
        rows.add(row, slots, (Integer) row[row.length - 2], (Long) row[row.length - 1]);
    }

    @Test
    void writesTheSameBytesForTheSameRows() {
        for (CompressionCodecName codec : List.of(CompressionCodecName.ZSTD, CompressionCodecName.SNAPPY)) {
            ParquetFileWriter writer = new ParquetFileWriter(codec, 1 << 20);
            assertThat(writer.write(fundamentals(500))).isEqualTo(writer.write(fundamentals(500)));
        }
    }

    @Test
    void readsBackEveryValueNullAndNestedShapeAcrossRowGroups() throws IOException {
        // TRADE's file columns: timestamp, timestamp_nanos, price, size, exchange, trade_id, conditions, tape, source,
        // synthetic, schema_version, kafka_partition, kafka_offset (ticker is the path here).
        RowBuffer rows = new RowBuffer(TRADES, RowBuffer.FIRST_CAPACITY);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            List<String> conditions = switch (i % 4) {
                case 0 -> null;
                case 1 -> List.of();
                case 2 -> Arrays.asList("@", null, "T");
                default -> List.of("I");
            };
            Instant at = Instant.parse("2026-11-20T14:30:00.123456Z").plusSeconds(i);
            Double price = i % 7 == 0 ? null : 100.0 + i / 100.0;
            String exchange = i % 5 == 0 ? null : "V";
            add(rows, at, at.getEpochSecond() * 1_000_000_000L + at.getNano(), price, 10.0, exchange, i % 3 == 0 ? null : (long) i,
                    conditions, "C", "alpaca", i % 2 == 0, 1, 3, 1_000L + i);
            expected.add(at + "|" + price + "|" + exchange + "|" + (i % 3 == 0 ? null : i) + "|" + conditions + "|" + (i % 2 == 0)
                    + "|3|" + (1_000 + i));
        }
        // A tiny row group target: the writer checks every 1,024 rows, so 3,000 rows make three row groups.
        byte[] file = new ParquetFileWriter(CompressionCodecName.ZSTD, 1).write(rows);

        List<Group> groups = read(file);
        assertThat(rowGroups(file)).isEqualTo(3);
        List<String> actual = new ArrayList<>();
        for (Group g : groups) {
            Instant at = Instant.EPOCH.plusNanos(g.getLong("timestamp", 0) * 1_000);
            actual.add(at + "|" + (g.getFieldRepetitionCount("price") == 0 ? null : g.getDouble("price", 0)) + "|"
                    + (g.getFieldRepetitionCount("exchange") == 0 ? null : g.getString("exchange", 0)) + "|"
                    + (g.getFieldRepetitionCount("trade_id") == 0 ? null : g.getLong("trade_id", 0)) + "|" + list(g, "conditions") + "|"
                    + g.getBoolean("synthetic", 0) + "|" + g.getInteger(TableSchema.KAFKA_PARTITION, 0) + "|" + g.getLong(TableSchema.KAFKA_OFFSET, 0));
        }
        assertThat(actual).containsExactlyElementsOf(expected);
    }

    @Test
    void readsBackMapsWithNullsEmptiesAndSortedKeys() throws IOException {
        RowBuffer rows = new RowBuffer(FUNDAMENTALS, RowBuffer.FIRST_CAPACITY);
        Map<String, Double> withNull = new HashMap<>();
        withNull.put("z", null);
        withNull.put("a", 1.5);
        List<Map<String, Double>> maps = List.of(Map.of("b", 2.0, "a", 1.0), Map.of(), withNull);
        add(rows, "FY", 2024, LocalDate.of(2025, 1, 1), null, "USD", maps.get(0), "fmp", 1, null, LocalDate.of(2025, 3, 1), 0, 0L);
        add(rows, "FY", 2024, LocalDate.of(2025, 1, 1), null, "USD", null, "fmp", 1, null, LocalDate.of(2025, 3, 1), 0, 1L);
        add(rows, "FY", 2024, LocalDate.of(2025, 1, 1), null, "USD", maps.get(1), "fmp", 1, null, LocalDate.of(2025, 3, 1), 0, 2L);
        add(rows, "FY", 2024, LocalDate.of(2025, 1, 1), null, "USD", maps.get(2), "fmp", 1, null, LocalDate.of(2025, 3, 1), 0, 3L);

        List<String> actual = read(new ParquetFileWriter(CompressionCodecName.SNAPPY, 1 << 20).write(rows)).stream()
                .map(g -> map(g, "metrics")).toList();

        assertThat(actual).containsExactly("{a=1.0, b=2.0}", "null", "{}", "{a=1.5, z=null}");
    }

    @Test
    void usesUtcMicrosTimestampsAndStandardNestedTypes() {
        MessageType schema = ParquetSchemas.of(TableSchema.of("t", RecordType.NEWS.fields(), List.of("ticker")));
        assertThat(schema.getType("published_at").getLogicalTypeAnnotation())
                .isEqualTo(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MICROS));
        assertThat(schema.getType("related").getLogicalTypeAnnotation()).isEqualTo(LogicalTypeAnnotation.listType());
        assertThat(schema.containsField("ticker")).isFalse();
        assertThat(schema.getFieldName(schema.getFieldCount() - 1)).isEqualTo(TableSchema.KAFKA_OFFSET);
    }

    @Test
    void mergesFilesWithoutLosingRows() {
        ParquetFileWriter writer = new ParquetFileWriter(CompressionCodecName.ZSTD, 1 << 20);
        byte[] a = writer.write(fundamentals(300));
        byte[] b = writer.write(fundamentals(200));
        ParquetFileMerger merger = new ParquetFileMerger(CompressionCodecName.ZSTD, 1 << 20);
        byte[] merged = merger.merge(ParquetFileMerger.schemaOf(a), List.of(a, b));
        assertThat(ParquetFileMerger.rowCount(merged)).isEqualTo(500);
    }

    private static String list(Group g, String field) {
        if (g.getFieldRepetitionCount(field) == 0) {
            return "null";
        }
        Group list = g.getGroup(field, 0);
        List<String> elements = new ArrayList<>();
        for (int i = 0; i < list.getFieldRepetitionCount("list"); i++) {
            Group element = list.getGroup("list", i);
            elements.add(element.getFieldRepetitionCount("element") == 0 ? null : element.getString("element", 0));
        }
        return elements.toString();
    }

    private static String map(Group g, String field) {
        if (g.getFieldRepetitionCount(field) == 0) {
            return "null";
        }
        Group map = g.getGroup(field, 0);
        List<String> entries = new ArrayList<>();
        for (int i = 0; i < map.getFieldRepetitionCount("key_value"); i++) {
            Group entry = map.getGroup("key_value", i);
            entries.add(entry.getString("key", 0) + "=" + (entry.getFieldRepetitionCount("value") == 0 ? null : entry.getDouble("value", 0)));
        }
        return "{" + String.join(", ", entries) + "}";
    }

    private List<Group> read(byte[] file) throws IOException {
        List<Group> groups = new ArrayList<>();
        try (ParquetFileReader reader = open(file)) {
            MessageType schema = reader.getFooter().getFileMetaData().getSchema();
            PageReadStore pages;
            while ((pages = reader.readNextRowGroup()) != null) {
                RecordReader<Group> records = new ColumnIOFactory().getColumnIO(schema).getRecordReader(pages, new GroupRecordConverter(schema));
                for (long i = 0; i < pages.getRowCount(); i++) {
                    groups.add(records.read());
                }
            }
        }
        return groups;
    }

    private int rowGroups(byte[] file) throws IOException {
        try (ParquetFileReader reader = open(file)) {
            return reader.getRowGroups().size();
        }
    }

    private ParquetFileReader open(byte[] file) throws IOException {
        Path path = Files.write(Files.createTempFile(dir, "file", ".parquet"), file);
        ParquetReadOptions options = ParquetReadOptions.builder(new PlainParquetConfiguration()).withCodecFactory(WriteSettings.CODECS).build();
        return ParquetFileReader.open(new LocalInputFile(path), options);
    }
}
