package io.marketflow.ingest.fundamentals.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.marketflow.contract.FundamentalsRecord;
import io.marketflow.ingest.fundamentals.client.Fixtures;

/** File rows and FMP statements become records with the original metric names and their availability. */
class StatementMapperTest {

    private final StatementMapper mapper = new StatementMapper(new AvailabilityRule(90));
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void aFileRowKeepsItsLinesAndIsAvailableFromItsFilingNotItsCalendarYear() {
        Map<String, Object> row = new HashMap<>();
        row.put("symbol", "NVDA");
        row.put("period", "FY");
        row.put("calendarYear", "2024"); // the original's shifted year
        row.put("balance_calendarYear", "2025");
        row.put("date", "2025-01-26");
        row.put("fillingDate", "2025-02-26");
        row.put("acceptedDate", "2025-02-26 16:48:33");
        row.put("eps", 2.97);
        row.put("balance_totalDebt", 10270000000L);
        row.put("reportIndex", 1L);
        FundamentalsRecord record = mapper.fromFileRow(row);
        assertThat(record.fiscalYear()).isEqualTo(2025);
        assertThat(record.filingDate()).isEqualTo(LocalDate.parse("2025-02-26"));
        assertThat(record.acceptedAt()).isEqualTo(Instant.parse("2025-02-26T21:48:33Z"));
        // Accepted after the 16:00 close: usable from the next day.
        assertThat(record.availableFrom()).isEqualTo(LocalDate.parse("2025-02-27"));
        assertThat(record.metrics()).containsEntry(FundamentalsRecord.EPS, 2.97).containsEntry(FundamentalsRecord.TOTAL_DEBT, 1.027e10)
                .doesNotContainKey("reportIndex");
        assertThat(record.source()).isEqualTo(StatementMapper.FILE_SOURCE);
    }

    @Test
    void fmpStatementsOfOnePeriodBecomeOneRecordWithPrefixedLines() throws Exception {
        JsonNode income = json.readTree(Fixtures.read("fmp_stable_income_statement")).get(0);
        JsonNode keyMetrics = json.readTree(Fixtures.read("fmp_stable_key_metrics")).get(0);
        ObjectNode balance = json.createObjectNode().put("date", "2024-09-28").put("totalDebt", 119059000000L)
                .put("totalStockholdersEquity", 56950000000L);
        ObjectNode cashflow = json.createObjectNode().put("date", "2024-09-28").put("freeCashFlow", 108807000000L);
        FundamentalsRecord record = mapper.fromFmp("AAPL", income, balance, cashflow, keyMetrics, "fmp");
        assertThat(record.fiscalYear()).isEqualTo(2024);
        assertThat(record.availableFrom()).isEqualTo(LocalDate.parse("2024-11-01"));
        assertThat(record.metrics()).containsEntry(FundamentalsRecord.EPS, 6.11).containsEntry(FundamentalsRecord.REVENUE, 3.91035e11)
                .containsEntry(FundamentalsRecord.FREE_CASH_FLOW, 1.08807e11).containsEntry(FundamentalsRecord.TOTAL_EQUITY, 5.695e10)
                .containsKey("keymetrics_returnOnEquity");
    }

    @Test
    void aStatementWithATextEpsOrAnotherSymbolIsMalformed() throws Exception {
        ObjectNode income = (ObjectNode) json.readTree(Fixtures.read("fmp_stable_income_statement")).get(0);
        assertThatThrownBy(() -> mapper.fromFmp("MSFT", income, null, null, null, "fmp")).isInstanceOf(MalformedStatementException.class)
                .hasMessageContaining("does not match");
        income.put("eps", "n/a");
        assertThatThrownBy(() -> mapper.fromFmp("AAPL", income, null, null, null, "fmp")).isInstanceOf(MalformedStatementException.class)
                .hasMessageContaining("eps");
    }

    @Test
    void aLegacyV3StatementMapsWithItsOldFieldNames() throws Exception {
        // v3 spells the filing date "fillingDate" and the year "calendarYear"; a recorded v3 answer must still map.
        JsonNode income = json.readTree(Fixtures.read("fmp_v3_income_statement_legacy")).get(1);
        JsonNode balance = json.readTree(Fixtures.read("fmp_v3_balance_sheet_statement_legacy")).get(1);
        FundamentalsRecord record = mapper.fromFmp("AAPL", income, balance, null, null, "fmp");
        assertThat(record.fiscalYear()).isEqualTo(2023);
        assertThat(record.reportDate()).isEqualTo(LocalDate.parse("2023-09-30"));
        assertThat(record.filingDate()).isEqualTo(LocalDate.parse(income.path("fillingDate").asText()));
        assertThat(record.availableFrom()).isAfter(record.reportDate()).isAfterOrEqualTo(record.filingDate());
        assertThat(record.metrics()).containsKey(FundamentalsRecord.TOTAL_DEBT);
    }

    @Test
    void aMissingFilingFallsBackToThePeriodEndPlusTheConfiguredDays() throws Exception {
        ObjectNode income = (ObjectNode) json.readTree(Fixtures.read("fmp_stable_income_statement")).get(0);
        income.remove("filingDate");
        income.remove("acceptedDate");
        assertThat(mapper.fromFmp("AAPL", income, null, null, null, "fmp").availableFrom()).isEqualTo(LocalDate.parse("2024-12-27"));
    }
}
