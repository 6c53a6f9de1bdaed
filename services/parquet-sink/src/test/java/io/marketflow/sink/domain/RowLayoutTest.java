package io.marketflow.sink.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Hive paths of flat rows: remembered per distinct partition values, never confused between them. */
class RowLayoutTest {

    private final RowLayout layout = RowLayout.of(new DatasetSpec("stock_trades", "stock-data", "", RecordType.TRADE,
            List.of("source", "ticker", "date")));

    @Test
    void rowsWithEqualPartitionValuesShareOnePathInstance() {
        String first = layout.hivePath(row("alpaca", new String("AAPL"), LocalDate.of(2026, 11, 20)));
        String second = layout.hivePath(row("alpaca", new String("AAPL"), LocalDate.of(2026, 11, 20)));
        assertThat(first).isEqualTo("source=alpaca/ticker=AAPL/date=2026-11-20").isSameAs(second);
    }

    @Test
    void rowsDifferingInAnyPartitionValueGetTheirOwnPath() {
        assertThat(layout.hivePath(row("alpaca", "AAPL", LocalDate.of(2026, 11, 20)))).isEqualTo("source=alpaca/ticker=AAPL/date=2026-11-20");
        assertThat(layout.hivePath(row("alpaca", "AAPL", LocalDate.of(2026, 11, 21)))).isEqualTo("source=alpaca/ticker=AAPL/date=2026-11-21");
        assertThat(layout.hivePath(row("alpaca", "MSFT", LocalDate.of(2026, 11, 20)))).isEqualTo("source=alpaca/ticker=MSFT/date=2026-11-20");
        assertThat(layout.hivePath(row("synthetic", "AAPL", LocalDate.of(2026, 11, 20)))).isEqualTo("source=synthetic/ticker=AAPL/date=2026-11-20");
        assertThat(layout.hivePath(row(null, "A/B", LocalDate.of(2026, 11, 20)))).isEqualTo("source=" + HivePath.NULL_VALUE + "/ticker=A%2FB/date=2026-11-20");
    }

    @Test
    void stopsRememberingPathsPastTheCapButKeepsBuildingThem() {
        LocalDate day = LocalDate.of(2026, 1, 1);
        for (int i = 0; i < RowLayout.MAX_CACHED_PATHS + 10; i++) {
            layout.hivePath(row("alpaca", "T" + i, day));
        }
        assertThat(layout.paths()).hasSize(RowLayout.MAX_CACHED_PATHS);
        assertThat(layout.hivePath(row("alpaca", "NEW", day))).isEqualTo("source=alpaca/ticker=NEW/date=2026-01-01");
    }

    @Test
    void aRowKeepsThePathOfTheRowBeforeOnlyWhenItsPartitionValuesAreEqual() {
        Object[] first = row("alpaca", "AAPL", LocalDate.of(2026, 11, 20));
        String path = layout.hivePath(first);

        assertThat(layout.hivePath(row("alpaca", new String("AAPL"), LocalDate.of(2026, 11, 20)), first, path)).isSameAs(path);
        assertThat(layout.hivePath(row("alpaca", "AAPL", LocalDate.of(2026, 11, 21)), first, path))
                .isEqualTo("source=alpaca/ticker=AAPL/date=2026-11-21");
        assertThat(layout.hivePath(row("alpaca", "MSFT", LocalDate.of(2026, 11, 20)), first, path))
                .isEqualTo("source=alpaca/ticker=MSFT/date=2026-11-20");
        assertThat(layout.hivePath(row("synthetic", "AAPL", LocalDate.of(2026, 11, 20)), null, null))
                .isEqualTo("source=synthetic/ticker=AAPL/date=2026-11-20");
    }

    private static Object[] row(String source, String ticker, LocalDate date) {
        Object[] flat = new Object[RecordType.TRADE.slotCount()];
        flat[RecordType.TRADE.slot("source")] = source;
        flat[RecordType.TRADE.slot("ticker")] = ticker;
        flat[RecordType.TRADE.slot("date")] = date;
        return flat;
    }
}
