package io.marketflow.sink.domain;

import static io.marketflow.sink.domain.JsonFields.ALTERNATIVES;
import static io.marketflow.sink.domain.JsonFields.field;
import static io.marketflow.sink.domain.JsonFields.object;
import static io.marketflow.sink.domain.JsonFields.outcome;
import static io.marketflow.sink.domain.JsonFields.rows;
import static io.marketflow.sink.domain.JsonFields.utf8;
import static io.marketflow.sink.domain.JsonFields.variants;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.marketflow.calendar.MarketCalendar;
import io.marketflow.contract.ContractJson;
import io.marketflow.contract.InvalidRecordException;
import io.marketflow.contract.Trade;

/** The trade fast path gives the contract mapper path's row for every trade it accepts, and leaves the rest to it. */
class TradeJsonReaderTest {

    private static final MarketCalendar NYSE = MarketCalendar.nyse();

    /** A real trade in the contract's shape, as the Alpaca feed's are written; the mutations below change it. */
    private static final List<String[]> TRADE = List.of(
            field("schema_version", "1"), field("ticker", "\"AAPL\""), field("timestamp", "\"2026-11-20T14:30:00.123456789Z\""),
            field("price", "187.45"), field("size", "100"), field("exchange", "\"V\""), field("trade_id", "52983525029461"),
            field("conditions", "[\"@\",\"I\"]"), field("tape", "\"C\""), field("source", "\"alpaca\""), field("synthetic", "false"));
    /** A synthetic trade as the generator writes it: no trade id, tape or conditions. */
    private static final List<String[]> SYNTHETIC = List.of(
            field("schema_version", "1"), field("ticker", "\"MSFT\""), field("timestamp", "\"2026-11-20T21:00:00Z\""),
            field("price", "412.3"), field("size", "3"), field("exchange", "\"SYNTH\""), field("conditions", "[]"),
            field("source", "\"synthetic\""), field("synthetic", "true"));

    @Test
    void readsRealAndSyntheticTradesExactlyAsTheContractMapperDoes() {
        List<byte[]> values = new ArrayList<>();
        Random random = new Random(17);
        // Trading days around both DST changes of 2026, an ordinary one and New Year's Eve; each from 04:00 to 20:00
        // New York (extended hours: the UTC date changes during the New York day).
        for (LocalDate day : List.of(LocalDate.of(2026, 3, 6), LocalDate.of(2026, 3, 9), LocalDate.of(2026, 10, 30),
                LocalDate.of(2026, 11, 2), LocalDate.of(2026, 11, 20), LocalDate.of(2026, 12, 31))) {
            Instant from = ZonedDateTime.of(day, LocalTime.of(4, 0), NYSE.zone()).toInstant();
            for (int i = 0; i < 800; i++) {
                values.add(ContractJson.toBytes(trade(from.plusNanos(i * 72_000_000_000L + random.nextInt(1_000_000_000)), i, random)));
            }
        }
        // Fields in another order, explicit nulls, one- and two-digit fractions, integers for doubles, exponents, numbers
        // beyond a long, negative zero, the largest doubles, missing defaults, blanks around; a trade without a source is
        // "unknown", a synthetic one "synthetic".
        for (String json : List.of(
                "{\"ticker\":\"A\",\"timestamp\":\"2026-11-20T14:30:00.1Z\",\"price\":1,\"size\":2}",
                "{\"size\":2.5,\"price\":10.25,\"timestamp\":\"2026-11-20T14:30:00.12Z\",\"ticker\":\"BRK.B\",\"synthetic\":true}",
                "{\"schema_version\":0,\"ticker\":\"A\",\"timestamp\":\"2026-11-20T14:30:00Z\",\"price\":1e2,\"size\":0.0001,"
                        + "\"exchange\":null,\"trade_id\":null,\"conditions\":null,\"tape\":null,\"source\":null,\"synthetic\":false}",
                "{\"ticker\":\"A\",\"timestamp\":\"2026-11-20T14:30:00.000001Z\",\"price\":1,\"size\":2,\"conditions\":[\"@\",\"F\",\"T\",\"I\"],"
                        + "\"trade_id\":-5}",
                "{\"ticker\":\"A/B\",\"timestamp\":\"2026-11-20T14:30:00Z\",\"price\":12345678901234567890.5,\"size\":1,"
                        + "\"source\":\"alpaca/iex\",\"conditions\":[\"\"],\"trade_id\":9223372036854775807}",
                "{\"ticker\":\"A\",\"timestamp\":\"2026-11-20T14:30:00Z\",\"price\":1.7976931348623157e308,\"size\":1E+2,"
                        + "\"trade_id\":-0,\"schema_version\":-0}",
                "{\"ticker\":\"A\",\"timestamp\":\"2026-11-20T14:30:00Z\",\"price\":1e308,\"size\":0.1e1}",
                "{\"ticker\":\"A\",\"timestamp\":\"2026-11-20T14:30:00Z\",\"price\":12345678901234567890,\"size\":1e-2}",
                " {\"ticker\":\"A\",\"timestamp\":\"2026-11-20T14:30:00Z\",\"price\":1,\"size\":2}\n",
                "{\"schema_version\":-3,\"ticker\":\"A\",\"timestamp\":\"1700-01-01T00:00:00Z\",\"price\":1,\"size\":2}")) {
            values.add(utf8(json));
        }
        // Near midnight New York in winter and summer, around both DST changes, and the last trade of a year.
        for (String timestamp : List.of("2026-11-20T04:59:59.999999999Z", "2026-11-20T05:00:00Z", "2026-07-02T03:59:59.999Z",
                "2026-07-02T04:00:00Z", "2026-03-08T06:59:59.999999Z", "2026-03-08T07:00:00Z", "2026-11-01T05:59:59Z",
                "2026-11-01T06:00:00.5Z", "2027-01-01T04:59:59.999999999Z", "2027-01-01T05:00:00Z")) {
            values.add(utf8(object(JsonFields.replace(TRADE, 2, field("timestamp", "\"" + timestamp + "\"")))));
        }
        values.add(utf8(object(SYNTHETIC)));

        int date = RecordType.TRADE.slot("date");
        int year = RecordType.TRADE.slot("year");
        for (byte[] value : values) {
            String json = new String(value, StandardCharsets.UTF_8);
            Trade mapper = ContractJson.fromBytes(value, Trade.class);
            assertThat(TradeJsonReader.read(value)).as(json).isNotNull().isEqualTo(mapper);
            List<Object[]> rows = RecordType.TRADE.flatten(value);
            assertThat(rows(rows)).as(json).isEqualTo(rows(Collections.singletonList(RecordType.tradeRow(mapper))));
            // The trading date remembered per day is the calendar's, across midnight and DST changes.
            assertThat(rows.get(0)[date]).as(json).isEqualTo(NYSE.tradingDate(mapper.timestamp()));
            assertThat(rows.get(0)[year]).as(json).isEqualTo(NYSE.tradingDate(mapper.timestamp()).getYear());
        }
        assertThat(values).hasSizeGreaterThan(4_800);
    }

    @Test
    void leavesUnusualOrInvalidTradesToTheContractMapper() {
        String valid = object(TRADE);
        for (String json : List.of("oops", "[1]", "", "{\"ticker\":\"A\"", valid + " {}", valid + " x",
                "{\"ticker\":null,\"timestamp\":\"2026-11-20T14:30:00Z\",\"price\":1,\"size\":2}",
                "{\"ticker\":\"A\",\"timestamp\":1700000000.5,\"price\":1,\"size\":2}",
                "{\"ticker\":\"A\",\"timestamp\":\"2026-11-20T14:30:00Z\",\"price\":\"1.5\",\"size\":2}",
                "{\"schema_version\":2,\"ticker\":\"A\",\"timestamp\":\"2026-11-20T14:30:00Z\",\"price\":1,\"size\":2}",
                "{\"ticker\":\"A\",\"timestamp\":\"2026-11-20T14:30:00+01:00\",\"price\":1,\"size\":2}",
                "{\"ticker\":\"A\",\"timestamp\":\"2026-11-20T14:30:00Z\",\"price\":1,\"size\":2,\"ticker\":\"B\"}",
                "{\"ticker\":\"A\",\"timestamp\":\"2026-11-20T14:30:00Z\",\"price\":1,\"size\":2,\"extra\":{\"x\":[1,2]}}",
                "{\"timestamp\":\"2026-11-20T14:30:00Z\",\"price\":1,\"size\":2}",
                "{\"ticker\":\"A\",\"price\":1,\"size\":2}",
                "{\"ticker\":\"A\",\"timestamp\":\"2026-11-20T14:30:00Z\",\"price\":1,\"size\":2,\"conditions\":[\"@\",null]}",
                // Escapes and non-ASCII the mapper decodes, blanks inside, and input cut short: its call.
                "{\"ticker\":\"\\u0041\\u00e9\",\"timestamp\":\"2026-11-20T14:30:00Z\",\"price\":1,\"size\":2}",
                "{\"ticker\":\"A\",\"timestamp\":\"2026-11-20T14:30:00Z\",\"price\":1,\"size\":2,\"source\":\"alpaca\\/iex\"}",
                "{\"ticker\":\"AAPL€\",\"timestamp\":\"2026-11-20T14:30:00Z\",\"price\":1,\"size\":2}",
                "{\"\\u0074icker\":\"A\",\"timestamp\":\"2026-11-20T14:30:00Z\",\"price\":1,\"size\":2}",
                "{\"ticker\": \"A\",\"timestamp\":\"2026-11-20T14:30:00Z\",\"price\":1,\"size\":2}",
                "{\"ticker\":\"A\",\"timestamp\":\"2026-11-20T14:30:00Z\",\"price\":1,\"size\":2 }",
                valid.substring(0, valid.length() - 1), valid.substring(0, valid.indexOf("187.4")), "{\"ticker\":\"A")) {
            assertThat(TradeJsonReader.read(utf8(json))).as(json).isNull();
        }
        assertThat(TradeJsonReader.read(null)).isNull();
    }

    @Test
    void agreesWithTheContractMapperOnEveryVariantOfATrade() {
        List<String> alternatives = Stream.concat(ALTERNATIVES.stream(), Stream.of("[\"@\"]", "[\"@\",\"F\",\"T\"]", "[\"@\",1]",
                "[\"@\",[]]", "-5", "0.0001", "4.35", "187.431234", "9007199254740993.0", "1E-3")).toList();
        List<String> variants = new ArrayList<>();
        for (List<String[]> trade : variants(TRADE, alternatives)) {
            variants.add(object(trade));
        }
        for (List<String[]> trade : variants(SYNTHETIC, alternatives)) {
            variants.add(object(trade));
        }
        String plain = object(TRADE);
        variants.addAll(List.of(plain + " x", plain + "{}", plain + "]", " " + plain + "\n", "[" + plain + "]", plain.replace(",", " , "),
                plain.replace("\"ticker\"", "\"\\u0074icker\""), plain.substring(0, plain.length() - 1), "null", "{}"));
        variants.addAll(JsonFields.truncatedAndSpaced(plain));

        int fastAccepted = 0;
        for (String json : variants) {
            byte[] value = utf8(json);
            Object mapper = outcome(() -> Collections.singletonList(RecordType.tradeRow(ContractJson.fromBytes(value, Trade.class))));
            Trade fast = TradeJsonReader.read(value);
            if (fast != null) {
                fastAccepted++;
                assertThat(fast).as(json).isEqualTo(ContractJson.fromBytes(value, Trade.class));
            }
            // The same row, or the same rejection with the same reason.
            assertThat(outcome(() -> RecordType.TRADE.flatten(value))).as(json).isEqualTo(mapper);
        }
        assertThat(variants).hasSizeGreaterThan(1_000);
        assertThat(fastAccepted).as("variants the fast path read itself").isGreaterThan(150);
    }

    @Test
    void rejectsInvalidTradesWithTheContractMappersReason() {
        assertThatThrownBy(() -> RecordType.TRADE.flatten(utf8(object(JsonFields.replace(TRADE, 3, field("price", "-1"))))))
                .isInstanceOf(InvalidRecordException.class).hasMessage("price must be a positive number, was -1.0");
        assertThatThrownBy(() -> RecordType.TRADE.flatten(utf8(object(JsonFields.remove(TRADE, 4)))))
                .isInstanceOf(InvalidRecordException.class).hasMessage("size must be a positive number, was 0.0");
        assertThatThrownBy(() -> RecordType.TRADE.flatten(utf8(object(JsonFields.replace(TRADE, 1, field("ticker", "null"))))))
                .isInstanceOf(InvalidRecordException.class).hasMessageStartingWith("not a valid Trade: ").hasMessageContaining("ticker");
        assertThatThrownBy(() -> RecordType.TRADE.flatten(utf8(object(JsonFields.replace(TRADE, 0, field("schema_version", "2"))))))
                .isInstanceOf(InvalidRecordException.class).hasMessage("Trade has schema version 2, this code reads up to 1");
        assertThatThrownBy(() -> RecordType.TRADE.flatten(utf8(object(JsonFields.replace(TRADE, 2,
                field("timestamp", "\"2300-01-01T00:00:00Z\"")))))).isInstanceOf(ArithmeticException.class);
        // A field repeated after all of them: the mapper rejects it (earlier it keeps the last value), so must the sink.
        assertThatThrownBy(() -> RecordType.TRADE.flatten(utf8(object(JsonFields.add(TRADE, field("price", "2"))))))
                .isInstanceOf(InvalidRecordException.class).hasMessageStartingWith("not a valid Trade: ").hasMessageContaining("'price'");
    }

    @Test
    void sharesRepeatedValuesBetweenTheRowsOfTrades() {
        Object[] first = RecordType.TRADE.flatten(utf8(object(TRADE))).get(0);
        Object[] second = RecordType.TRADE.flatten(utf8(object(JsonFields.replace(TRADE, 2,
                field("timestamp", "\"2026-11-20T20:59:59.5Z\""))))).get(0);
        for (String slot : List.of("ticker", "exchange", "tape", "source", "date", "year")) {
            assertThat(second[RecordType.TRADE.slot(slot)]).as(slot).isSameAs(first[RecordType.TRADE.slot(slot)]);
        }
        assertThat(second[RecordType.TRADE.slot("date")]).isEqualTo(LocalDate.of(2026, 11, 20));
    }

    @Test
    void storesATradeWithoutASourceAsUnknownUnlessItIsSynthetic() {
        int source = RecordType.TRADE.slot("source");
        List<String[]> noSource = JsonFields.remove(TRADE, 9);
        assertThat(RecordType.TRADE.flatten(utf8(object(noSource))).get(0)[source]).isEqualTo("unknown");
        assertThat(RecordType.TRADE.flatten(utf8(object(JsonFields.replace(noSource, 9, field("synthetic", "true"))))).get(0)[source])
                .isEqualTo(Trade.SYNTHETIC_SOURCE);
        assertThat(RecordType.TRADE.flatten(utf8(object(TRADE))).get(0)[source]).isEqualTo("alpaca");
    }

    /** A trade as the feed (every other with some optional fields left out) or the generator (every fifth) makes it. */
    private static Trade trade(Instant at, int i, Random random) {
        String ticker = List.of("AAPL", "MSFT", "NVDA", "SPY", "BRK.B", "QQQ", "TSLA").get(i % 7);
        // Prices as feeds send them (cents, sometimes hundredths of a cent) and sizes, some fractional.
        double price = (i % 3 == 0 ? 1_000_000 + random.nextInt(50_000_000) : (10_000 + random.nextInt(500_000)) * 100) / 10_000.0;
        double size = i % 9 == 4 ? (1 + random.nextInt(9_999)) / 10_000.0 : 1 + random.nextInt(1_000);
        // Nanoseconds, microseconds, milliseconds and whole seconds.
        Instant timestamp = switch (i % 4) {
            case 0 -> at;
            case 1 -> at.minusNanos(at.getNano() % 1_000);
            case 2 -> at.minusNanos(at.getNano() % 1_000_000);
            default -> at.minusNanos(at.getNano());
        };
        if (i % 5 == 4) {
            return Trade.synthetic(ticker, timestamp, price, size);
        }
        boolean sparse = i % 2 == 1;
        return new Trade(1, ticker, timestamp, price, size, sparse && i % 3 == 0 ? null : "V", sparse ? null : 50_000_000_000_000L + i,
                sparse ? List.of() : List.of("@", i % 3 == 0 ? "F" : "I"), sparse ? null : "C", sparse && i % 7 == 3 ? null : "alpaca",
                false);
    }
}
