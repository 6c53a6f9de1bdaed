package io.marketflow.sink.format.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.junit.jupiter.api.Test;

import io.marketflow.sink.domain.RecordType;
import io.marketflow.sink.domain.TableSchema;

/** Parquet encoding: deterministic bytes (what makes replays overwrite instead of duplicate), logical types, merging. */
class ParquetFileWriterTest {

    private static final TableSchema FUNDAMENTALS = TableSchema.of("h_company", RecordType.FUNDAMENTALS.fields(), List.of("ticker"));

    private static List<Object[]> rows(int n) {
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(new Object[] {"FY", 2020 + i % 5, LocalDate.of(2025, 1, 1), null, "USD",
                    Map.of("b", 2.0, "a", 1.0 * i, "c", 3.0), "fmp", 1, 0, (long) i});
        }
        return rows;
    }

    @Test
    void writesTheSameBytesForTheSameRows() {
        for (CompressionCodecName codec : List.of(CompressionCodecName.ZSTD, CompressionCodecName.SNAPPY)) {
            ParquetFileWriter writer = new ParquetFileWriter(codec, 1 << 20);
            assertThat(writer.write(FUNDAMENTALS, rows(500))).isEqualTo(writer.write(FUNDAMENTALS, rows(500)));
        }
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
        byte[] a = writer.write(FUNDAMENTALS, rows(300));
        byte[] b = writer.write(FUNDAMENTALS, rows(200));
        ParquetFileMerger merger = new ParquetFileMerger(CompressionCodecName.ZSTD, 1 << 20);
        byte[] merged = merger.merge(ParquetFileMerger.schemaOf(a), List.of(a, b));
        assertThat(ParquetFileMerger.rowCount(merged)).isEqualTo(500);
    }
}
