package io.marketflow.aggregator.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.marketflow.aggregator.domain.AggregatedRow;
import io.marketflow.contract.Bar;
import io.marketflow.contract.ContractJson;
import io.marketflow.contract.ContractRecord;
import io.marketflow.contract.FundamentalsRecord;
import io.marketflow.contract.MacroObservation;
import io.marketflow.contract.WeekBars;
import io.marketflow.localstack.LocalStackResource;
import io.marketflow.localstack.StackAddresses;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * Context that arrives after the rows it applies to (issue 17's chaos finding: FMP statements published two minutes
 * after the first minute was aggregated): the rows must end up equal to those of a ticker whose context was there
 * before its bars, whole rows compared, on the real Kafka and PostgreSQL. Every ticker gets the same bars, so any two
 * tickers' rows are equal but for the ticker when their context is.
 */
@QuarkusTest
@WithTestResource(LocalStackResource.class)
@TestProfile(LateContextTopics.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LateContextTest {

    private static final LocalDate WED = LocalDate.of(2025, 11, 26);
    private static final int ROWS = 390;
    /** Every column but the ticker, so rows of two tickers compare. */
    private static final String ROW = "row(" + AggregatedRow.COLUMNS.subList(1, AggregatedRow.COLUMNS.size()).stream()
            .map(c -> "\"" + c + "\"").collect(Collectors.joining(", ")) + ")::text";
    private static StackAddresses stack;
    private static StackDatabase db;
    private static KafkaProducer<String, byte[]> producer;

    @BeforeAll
    static void connect() throws SQLException {
        stack = LocalStackResource.shared();
        db = new StackDatabase(stack);
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        await().atMost(Duration.ofSeconds(60)).until(() -> "t".equals(db.firstValue(
                "SELECT to_regclass('aggregator_context_version') IS NOT NULL")));
        db.execute("TRUNCATE aggregated_data, aggregator_macro, aggregator_fundamentals, aggregator_sentiment, "
                + "aggregator_indicator_state, aggregator_minute_bars, aggregator_runs, aggregator_weeks");
    }

    @AfterAll
    static void close() {
        producer.close();
    }

    private static void send(String topic, String key, Object value) throws Exception {
        producer.send(new ProducerRecord<>(topic, key, ContractJson.toBytes(value))).get();
    }

    private static void bars(String ticker) throws Exception {
        send(LateContextTopics.BARS, ticker, new WeekBars(ContractRecord.CURRENT_SCHEMA_VERSION, ticker, 2025, 48,
                AggregatorEndToEndTest.day(ticker, WED)));
        await().atMost(Duration.ofSeconds(60)).until(() -> String.valueOf(ROWS).equals(
                db.firstValue("SELECT count(*) FROM aggregated_data WHERE ticker = '" + ticker + "'")));
    }

    private static FundamentalsRecord fy(String ticker, int year, double eps) {
        LocalDate filed = LocalDate.of(year + 1, 2, 10);
        return new FundamentalsRecord(ContractRecord.CURRENT_SCHEMA_VERSION, ticker, "FY", year, LocalDate.of(year, 12, 31),
                filed, "USD", Map.of(FundamentalsRecord.EPS, eps, FundamentalsRecord.FREE_CASH_FLOW, 1.5e9,
                        FundamentalsRecord.NET_INCOME, 2.0e9, FundamentalsRecord.REVENUE, 8.0e9,
                        FundamentalsRecord.TOTAL_DEBT, 3.0e9, FundamentalsRecord.TOTAL_EQUITY, 6.0e9),
                "fmp", filed.atTime(21, 5).toInstant(java.time.ZoneOffset.UTC), filed.plusDays(1));
    }

    private static void fundamentals(FundamentalsRecord f) throws Exception {
        send(LateContextTopics.COMPANY, f.ticker(), f);
        // the correction is in the upsert's transaction: once the record is visible, so are the corrected rows
        await().atMost(Duration.ofSeconds(60)).until(() -> "1".equals(db.firstValue(
                "SELECT count(*) FROM aggregator_fundamentals WHERE ticker = '" + f.ticker() + "' AND fiscal_year = " + f.fiscalYear())));
    }

    private static void cpi(LocalDate date, LocalDate realtimeStart, double value) throws Exception {
        send(LateContextTopics.MACRO, "cpi", new MacroObservation(ContractRecord.CURRENT_SCHEMA_VERSION, "CPIAUCSL", "cpi", date, value,
                "fred", realtimeStart, null));
        await().atMost(Duration.ofSeconds(60)).until(() -> "1".equals(db.firstValue(
                "SELECT count(*) FROM aggregator_macro WHERE alias = 'cpi' AND realtime_start = '" + realtimeStart + "'")));
    }

    private static List<String> rows(String ticker) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = db.connect();
             PreparedStatement p = c.prepareStatement("SELECT " + ROW + " FROM aggregated_data WHERE ticker = ? ORDER BY \"timestamp\"")) {
            p.setString(1, ticker);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    out.add(r.getString(1));
                }
            }
        }
        return out;
    }

    private static String at(String ticker, String column, Instant t) {
        return db.firstValue("SELECT " + column + " FROM aggregated_data WHERE ticker = '" + ticker
                + "' AND \"timestamp\" = '" + t + "'");
    }

    @Test
    @Order(1)
    void fundamentalsPublicBeforeRowsWrittenFirstCorrectThemToWhatTheRecordFirstGives() throws Exception {
        fundamentals(fy("EARLY", 2024, 6.25));
        bars("EARLY");
        bars("LATE");
        Instant ten = AggregatorEndToEndTest.ny(WED, 10, 0);
        assertThat(at("EARLY", "eps", ten)).isEqualTo("6.25");
        assertThat(at("EARLY", "debt_to_equity", ten)).isEqualTo("0.5");
        assertThat(db.firstValue("SELECT count(*) FROM aggregated_data WHERE ticker = 'LATE' AND eps IS NULL"))
                .isEqualTo(String.valueOf(ROWS));

        fundamentals(fy("LATE", 2024, 6.25));

        assertThat(rows("LATE")).hasSize(ROWS).isEqualTo(rows("EARLY"));
    }

    @Test
    @Order(2)
    void aMacroVintageKnownBeforeRowsWrittenFirstCorrectsEveryTickersRows() throws Exception {
        cpi(LocalDate.of(2025, 10, 1), LocalDate.of(2025, 11, 13), 3.2);
        fundamentals(fy("CLEAN", 2024, 6.25));
        bars("CLEAN");
        assertThat(at("CLEAN", "cpi", AggregatorEndToEndTest.ny(WED, 10, 0))).isEqualTo("3.2");

        List<String> clean = rows("CLEAN");
        assertThat(rows("EARLY")).isEqualTo(clean);
        assertThat(rows("LATE")).isEqualTo(clean);
    }

    @Test
    @Order(3)
    void contextPublicOnlyAfterTheRowsChangesNone() throws Exception {
        String before = digest();
        fundamentals(fy("LATE", 2025, 9.0));
        cpi(LocalDate.of(2025, 11, 1), LocalDate.of(2025, 12, 10), 3.4);
        // a vintage current since the day of the rows is used only from the next day (macro-lag-days = 1)
        cpi(LocalDate.of(2025, 10, 15), WED, 3.3);
        assertThat(digest()).isEqualTo(before);
        assertThat(at("LATE", "cpi", AggregatorEndToEndTest.ny(WED, 15, 59))).isEqualTo("3.2");
    }

    private static String digest() {
        return db.firstValue("SELECT md5(string_agg(a::text, '|' ORDER BY ticker, \"timestamp\")) FROM aggregated_data a");
    }
}
