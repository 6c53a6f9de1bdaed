package io.marketflow.ingest.fundamentals.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/** The original file read with Parquet's reader and no Hadoop on the classpath (as in production). */
class FundamentalsFileTest {

    @Test
    void readsEveryRowOfTheOriginalFileWithoutHadoop() {
        assertThatThrownBy(() -> Class.forName("org.apache.hadoop.conf.Configuration")).isInstanceOf(ClassNotFoundException.class);
        List<Map<String, Object>> rows = FundamentalsFile.readResource("data/df_company_fundamentals.parquet");
        assertThat(rows).hasSize(150);
        assertThat(rows.stream().map(row -> row.get("symbol")).collect(Collectors.toSet())).hasSize(30);
        Map<String, Object> aapl2024 = rows.stream().filter(row -> "AAPL".equals(row.get("symbol")) && "2024".equals(row.get("calendarYear")))
                .findFirst().orElseThrow();
        assertThat(aapl2024).containsEntry("fillingDate", "2024-11-01").containsEntry("eps", 6.11)
                .containsEntry("cashflow_freeCashFlow", 108807000000L).containsEntry("balance_totalDebt", 119059000000L);
        assertThat(aapl2024.size()).isGreaterThan(120);
    }
}
