package io.marketflow.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import io.marketflow.contract.kafka.ContractDeserializer;
import io.marketflow.contract.kafka.ContractSerializer;

class ContractJsonTest {

    private static final Instant NANOS = Instant.parse("2025-11-20T15:04:05.123456789Z");

    static Stream<ContractRecord> everyRecordType() {
        Bar bar = new Bar(1, "AAPL", Instant.parse("2021-01-04T14:30:00Z"), "1Min", 133.52, 133.61, 132.87, 133.14,
                1562011.0, 10244L, 133.235812, "alpaca", false);
        return Stream.of(
                new Trade(1, "AAPL", NANOS, 229.87, 100.0, "V", 52983525029461L, List.of("@", "I"), "C", "alpaca", false),
                Trade.synthetic("MSFT", NANOS, 470.123456789012, 0.5),
                bar,
                new WeekBars(1, "AAPL", 2021, 1, List.of(bar)),
                new WeekBars(1, "AAPL", 2021, 2, List.of()),
                new MacroObservation(1, "DGS10", "t10y", LocalDate.of(2025, 11, 19), 4.13, "fred",
                        LocalDate.of(2025, 11, 20), null),
                new MacroObservation(1, "DGS10", "t10y", LocalDate.of(2025, 11, 27), null, "fred",
                        LocalDate.of(2025, 11, 28), LocalDate.of(2025, 12, 1)),
                new FundamentalsRecord(1, "AAPL", "FY", 2024, LocalDate.of(2024, 9, 28), LocalDate.of(2024, 11, 1), "USD",
                        Map.of("revenue", 391035000000.0, "eps", 6.11), "fmp", Instant.parse("2024-11-01T10:01:36Z"),
                        LocalDate.of(2024, 11, 1)),
                new NewsArticle(1, "137204412", "AAPL", List.of("AAPL"), Instant.parse("2025-11-20T14:15:00Z"),
                        "Apple supplier shares rise", "Shares of several Apple suppliers gained", "Yahoo",
                        "https://finnhub.io/api/news?id=4d1f", "finnhub", 0.42, "finance-lexicon/1"),
                new SocialPost(1, "bafyreihq3vx5d5y2a4l4z6r6ccn6p2gk4w5m7t5kq2z3ukxw7g6wq4c5ye", "bluesky", "someone.bsky.social",
                        "Big day for $AAPL", Instant.parse("2025-11-20T15:02:11.384Z"), "Apple", "en", 3L, 1L, "AAPL", 0.5,
                        "finance-lexicon/1"),
                new PolicyEvent(1, PolicyEvent.RATE_DECISION, Instant.parse("2025-10-29T18:00:00Z"), "FOMC lowers the target range",
                        3.75, 4.0, "fred", -25),
                new StartModelSignal(1, StartModelSignal.COMPLETE, Instant.parse("2025-06-20T18:42:07.512345Z"), 7890,
                        "Historical data aggregation completed successfully", "run-1", 123456));
    }

    @ParameterizedTest
    @MethodSource("everyRecordType")
    void roundTripsEveryRecordTypeThroughKafkaSerdes(ContractRecord record) {
        byte[] bytes = new ContractSerializer().serialize("t", record);
        try (var deserializer = new ContractDeserializer<>(record.getClass())) {
            assertThat(deserializer.deserialize("t", bytes)).isEqualTo(record);
        }
    }

    @ParameterizedTest
    @MethodSource("everyRecordType")
    void writesTheSchemaVersionOnEveryRecord(ContractRecord record) {
        assertThat(json(record)).contains("\"schema_version\":1");
    }

    @Test
    void keepsNanosecondTimestampsAndFullPricePrecision() {
        Trade trade = Trade.synthetic("MSFT", NANOS, 470.123456789012, 0.5);
        String json = json(trade);
        assertThat(json).contains("\"timestamp\":\"2025-11-20T15:04:05.123456789Z\"").contains("\"price\":470.123456789012");
    }

    @Test
    void writesTheOriginalSystemsFieldNames() {
        String json = json(new WeekBars(1, "AAPL", 2021, 1, List.of()));
        assertThat(json).contains("\"ticker\":\"AAPL\"", "\"year\":2021", "\"week\":1", "\"data\":[]");
    }

    @Test
    void readsAnOriginalSystemTradeWithoutSchemaVersionAsVersionZero() {
        byte[] original = """
                {"ticker": "AAPL", "timestamp": "2025-11-21T01:12:44.501233+00:00", "price": 200.03, "size": 317.0, "exchange": "RANDOM"}
                """.getBytes(StandardCharsets.UTF_8);
        Trade trade = ContractJson.fromBytes(original, Trade.class);
        assertThat(trade.schemaVersion()).isZero();
        assertThat(trade.timestamp()).isEqualTo(Instant.parse("2025-11-21T01:12:44.501233Z"));
        assertThat(trade.price()).isEqualTo(200.03);
    }

    @Test
    void rejectsMalformedJsonWithAReason() {
        assertThatThrownBy(() -> ContractJson.fromBytes("{\"ticker\":".getBytes(StandardCharsets.UTF_8), Trade.class))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessageStartingWith("not a valid Trade");
    }

    @Test
    void rejectsARecordWithoutItsRequiredFields() {
        assertThatThrownBy(() -> ContractJson.fromBytes("{\"price\": 1.0}".getBytes(StandardCharsets.UTF_8), Trade.class))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("ticker");
    }

    @Test
    void rejectsASchemaVersionFromTheFuture() {
        byte[] future = "{\"schema_version\": 99, \"ticker\": \"AAPL\", \"timestamp\": \"2025-11-21T01:12:44Z\", \"price\": 1, \"size\": 1}"
                .getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> ContractJson.fromBytes(future, Trade.class))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("schema version 99");
    }

    @Test
    void deserializerReportsInvalidPayloadsAsSerializationExceptions() {
        try (var deserializer = new ContractDeserializer<Trade>()) {
            deserializer.configure(Map.of(ContractDeserializer.RECORD_TYPE_CONFIG, Trade.class.getName()), false);
            assertThatThrownBy(() -> deserializer.deserialize("stock_trades", "garbage".getBytes(StandardCharsets.UTF_8)))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageStartingWith("not a valid Trade");
        }
    }

    private static String json(Object record) {
        return new String(ContractJson.toBytes(record), StandardCharsets.UTF_8);
    }
}
