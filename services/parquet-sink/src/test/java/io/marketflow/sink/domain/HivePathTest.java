package io.marketflow.sink.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Hive path building and escaping. */
class HivePathTest {

    @Test
    void joinsFieldsAsKeyValueLevelsInOrder() {
        Map<String, Object> row = Map.of("ticker", "AAPL", "date", LocalDate.of(2026, 11, 20), "source", "alpaca");
        assertThat(HivePath.of(List.of("source", "ticker", "date"), row)).isEqualTo("source=alpaca/ticker=AAPL/date=2026-11-20");
    }

    @Test
    void escapesPathCharactersLikeHive() {
        assertThat(HivePath.escape("a/b=c:d")).isEqualTo("a%2Fb%3Dc%3Ad");
        assertThat(HivePath.escape("stock market")).isEqualTo("stock market");
        assertThat(HivePath.escape("café")).isEqualTo("café");
    }

    @Test
    void writesNullAndEmptyAsHiveDefaultPartition() {
        Map<String, Object> row = new HashMap<>();
        row.put("keyword", null);
        assertThat(HivePath.of(List.of("keyword"), row)).isEqualTo("keyword=" + HivePath.NULL_VALUE);
        assertThat(HivePath.escape("")).isEqualTo(HivePath.NULL_VALUE);
    }
}
