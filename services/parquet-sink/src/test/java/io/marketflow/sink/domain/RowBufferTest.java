package io.marketflow.sink.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The columnar row buffer: values, nulls and Kafka coordinates survive growth, in the units Parquet stores. */
class RowBufferTest {

    private static final TableSchema SCHEMA = TableSchema.of("t", List.of(new Column("at", ColumnType.TIMESTAMP_MICROS),
            new Column("day", ColumnType.DATE), new Column("price", ColumnType.DOUBLE), new Column("name", ColumnType.STRING),
            new Column("flag", ColumnType.BOOLEAN)), List.of());
    private static final int[] SLOTS = {0, 1, 2, 3, 4};

    @Test
    void keepsValuesAndNullsOfEveryRowAcrossGrowth() {
        RowBuffer rows = new RowBuffer(SCHEMA, 0);
        Instant at = Instant.parse("2026-11-20T14:30:00.123456789Z");
        for (int i = 0; i < 1_000; i++) {
            rows.add(new Object[] {at.plusSeconds(i), LocalDate.of(2026, 11, 20), i % 3 == 0 ? null : i * 0.5,
                    i % 5 == 0 ? null : "n" + i, i % 2 == 0}, SLOTS, 7, 100L + i);
        }

        assertThat(rows.size()).isEqualTo(1_000);
        for (int i = 0; i < 1_000; i++) {
            assertThat(rows.longs(0)[i]).isEqualTo((at.getEpochSecond() + i) * 1_000_000L + 123_456);
            assertThat(rows.ints(1)[i]).isEqualTo((int) LocalDate.of(2026, 11, 20).toEpochDay());
            assertThat(rows.isNull(2, i)).as("price null at %d", i).isEqualTo(i % 3 == 0);
            if (i % 3 != 0) {
                assertThat(rows.doubles(2)[i]).isEqualTo(i * 0.5);
            }
            assertThat(rows.isNull(3, i)).isEqualTo(i % 5 == 0);
            assertThat(rows.booleans(4)[i]).isEqualTo(i % 2 == 0);
            assertThat(rows.isNull(4, i)).isFalse();
            assertThat(rows.ints(5)[i]).isEqualTo(7);
            assertThat(rows.longs(6)[i]).isEqualTo(100L + i);
        }
    }

    @Test
    void aColumnWithoutNullsReportsNone() {
        RowBuffer rows = new RowBuffer(SCHEMA, 4_096);
        rows.add(new Object[] {Instant.EPOCH, LocalDate.EPOCH, 1.0, "x", true}, SLOTS, 0, 0L);

        for (int c = 0; c < SCHEMA.width(); c++) {
            assertThat(rows.isNull(c, 0)).as("column %d", c).isFalse();
        }
    }

    @Test
    void countsASharedStringOnceAndEveryUniqueStringByItsCharacters() {
        RowBuffer shared = new RowBuffer(SCHEMA, 1_000);
        RowBuffer unique = new RowBuffer(SCHEMA, 1_000);
        long empty = shared.heapBytes();
        String ticker = "AAPL";
        for (int i = 0; i < 1_000; i++) {
            shared.add(new Object[] {Instant.EPOCH, LocalDate.EPOCH, 1.0, ticker, true}, SLOTS, 0, i);
            unique.add(new Object[] {Instant.EPOCH, LocalDate.EPOCH, 1.0, "headline " + i + "x".repeat(500), true}, SLOTS, 0, i);
        }

        assertThat(shared.heapBytes() - empty).as("one shared ticker").isLessThan(100);
        assertThat(unique.heapBytes() - empty).as("a thousand 500-character texts").isGreaterThan(1_000 * 500L);
    }

    @Test
    void countsTheColumnsAtTheCapacityTheyGrewTo() {
        RowBuffer rows = new RowBuffer(SCHEMA, 0);
        long small = rows.heapBytes();
        for (int i = 0; i < 10_000; i++) {
            rows.add(new Object[] {Instant.EPOCH, LocalDate.EPOCH, 1.0, null, true}, SLOTS, 0, i);
        }

        // Per row at least: two longs (at, offset), a double, two ints (day, partition), a reference and a boolean.
        assertThat(rows.heapBytes()).isGreaterThan(small + 10_000L * (3 * 8 + 2 * 4 + 4 + 1));
    }
}
