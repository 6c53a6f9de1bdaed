package io.marketflow.query.summary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** The footer reader against files DuckDB wrote: row counts and time-column ranges the way the summary reads them. */
class ParquetFooterTest {

    @Test
    void readsRowsAndTimestampMicrosRangeOverRowGroups() {
        byte[] file = ParquetFiles.write("SELECT TIMESTAMPTZ '2024-03-01 14:30:00.123456+00' + to_minutes(i::BIGINT) AS \"timestamp\", "
                + "'AAPL' AS ticker, i::DOUBLE AS price FROM range(0, 10) t(i)", ", ROW_GROUP_SIZE 3");

        ParquetFooter footer = ParquetFooter.parse(file, "timestamp");

        assertThat(footer.rows()).isEqualTo(10);
        assertThat(footer.min()).contains(Instant.parse("2024-03-01T14:30:00.123456Z"));
        assertThat(footer.max()).contains(Instant.parse("2024-03-01T14:39:00.123456Z"));
    }

    @Test
    void readsDateAndMillisColumnsAndOnlyTheNamedColumn() {
        byte[] file = ParquetFiles.write("SELECT DATE '2023-12-31' + i::INT AS date, "
                + "epoch_ms(1700000000000 + i * 1000) AS effective_at, DATE '1999-01-01' AS other FROM range(0, 4) t(i)", "");

        assertThat(ParquetFooter.parse(file, "date").min()).contains(Instant.parse("2023-12-31T00:00:00Z"));
        assertThat(ParquetFooter.parse(file, "date").max()).contains(Instant.parse("2024-01-03T00:00:00Z"));
        assertThat(ParquetFooter.parse(file, "effective_at").max()).contains(Instant.ofEpochMilli(1700000003000L));
        assertThat(ParquetFooter.parse(file, "other").rows()).isEqualTo(4);
    }

    @Test
    void leavesTheRangeEmptyForAMissingOrNonTimeColumnOrAllNulls() {
        byte[] file = ParquetFiles.write("SELECT NULL::TIMESTAMPTZ AS \"timestamp\", 'x' AS ticker FROM range(0, 2)", "");

        assertThat(ParquetFooter.parse(file, "timestamp")).isEqualTo(new ParquetFooter(2, Optional.empty(), Optional.empty()));
        assertThat(ParquetFooter.parse(file, "ticker").max()).isEmpty();
        assertThat(ParquetFooter.parse(file, "absent").rows()).isEqualTo(2);
    }

    @Test
    void readsOnlyTheTailItIsGivenAndRejectsWhatIsNotAFooter() {
        byte[] file = ParquetFiles.write("SELECT TIMESTAMPTZ '2024-01-02 00:00:00+00' AS \"timestamp\" FROM range(0, 5000)", "");
        int needed = ParquetFooter.footerLength(Arrays.copyOfRange(file, file.length - 8, file.length)) + ParquetFooter.TAIL_BYTES;

        assertThat(ParquetFooter.parse(Arrays.copyOfRange(file, file.length - needed, file.length), "timestamp").rows()).isEqualTo(5000);
        assertThatThrownBy(() -> ParquetFooter.parse(Arrays.copyOfRange(file, file.length - needed + 1, file.length), "timestamp"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs more");
        assertThatThrownBy(() -> ParquetFooter.parse("not parquet at all".getBytes(), "timestamp"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PAR1");
    }
}
