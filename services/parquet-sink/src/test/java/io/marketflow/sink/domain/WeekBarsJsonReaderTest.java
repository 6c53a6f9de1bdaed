package io.marketflow.sink.domain;

import static io.marketflow.sink.domain.JsonFields.ALTERNATIVES;
import static io.marketflow.sink.domain.JsonFields.add;
import static io.marketflow.sink.domain.JsonFields.field;
import static io.marketflow.sink.domain.JsonFields.object;
import static io.marketflow.sink.domain.JsonFields.outcome;
import static io.marketflow.sink.domain.JsonFields.rows;
import static io.marketflow.sink.domain.JsonFields.utf8;
import static io.marketflow.sink.domain.JsonFields.variants;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.marketflow.calendar.MarketCalendar;
import io.marketflow.contract.Bar;
import io.marketflow.contract.ContractJson;
import io.marketflow.contract.InvalidRecordException;
import io.marketflow.contract.WeekBars;

/** The bar fast path gives the contract mapper path's rows for every week it accepts, and leaves the rest to it. */
class WeekBarsJsonReaderTest {

    private static final MarketCalendar NYSE = MarketCalendar.nyse();
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    /** A small week in the contract's shape; bar 2 is the one the mutations below change. */
    private static final List<String[]> BAR = List.of(
            field("schema_version", "1"), field("ticker", "\"AAPL\""), field("timestamp", "\"2026-11-16T14:31:00Z\""),
            field("timeframe", "\"1Min\""), field("open", "10.5"), field("high", "11"), field("low", "10.25"), field("close", "10.75"),
            field("volume", "1200.5"), field("trade_count", "12"), field("vwap", "10.6"), field("source", "\"alpaca\""),
            field("price_jump", "false"));
    private static final List<String[]> WEEK = List.of(
            field("schema_version", "1"), field("ticker", "\"AAPL\""), field("year", "2026"), field("week", "47"), field("data", null));
    private static final String FIRST_BAR = "{\"schema_version\":1,\"ticker\":\"AAPL\",\"timestamp\":\"2026-11-16T14:30:00Z\","
            + "\"timeframe\":\"1Min\",\"open\":10,\"high\":10.5,\"low\":9.75,\"close\":10.5,\"volume\":900,\"source\":\"alpaca\"}";

    @Test
    void readsWhatTheContractWritesExactlyAsTheContractMapperDoes() {
        Random random = new Random(7);
        List<byte[]> values = new ArrayList<>();
        // Full regular sessions: 5 x 390 bars.
        values.add(ContractJson.toBytes(week("AAPL", 2026, 47, DayOfWeek.FRIDAY, LocalTime.of(9, 30), 390, 1, random)));
        // Monday 30 March to Friday 3 April: two months in one week.
        values.add(ContractJson.toBytes(week("MSFT", 2026, 14, DayOfWeek.FRIDAY, LocalTime.of(9, 30), 390, 1, random)));
        // Around the clock, so that bars fall on both sides of a DST change and of midnight UTC (trading date != UTC date).
        values.add(ContractJson.toBytes(week("SPY", 2026, 10, DayOfWeek.SUNDAY, LocalTime.MIDNIGHT, 1440, 7, random)));
        values.add(ContractJson.toBytes(week("SPY", 2026, 44, DayOfWeek.SUNDAY, LocalTime.MIDNIGHT, 1440, 11, random)));
        // Extended hours of ISO week 2026-W53: evening bars of 31 December are 2027 in UTC.
        values.add(ContractJson.toBytes(week("QQQ", 2026, 53, DayOfWeek.FRIDAY, LocalTime.of(4, 0), 960, 3, random)));
        values.add(ContractJson.toBytes(new WeekBars(1, "AAPL", 2026, 52, List.of())));
        values.add(ContractJson.toBytes(new WeekBars(0, "AAPL", 2026, 51, null)));
        // A bar's ticker is its own, even when the week's differs (share classes).
        values.add(ContractJson.toBytes(new WeekBars(1, "BRK.B", 2026, 47, List.of(
                new Bar(1, "BRK-B", Instant.parse("2026-11-16T14:30:00.000000001Z"), "1Min", 500, 501, 499, 500.5, 3, null, null, null, true)))));
        // Hand-written: fields in another order, explicit nulls, one-digit fractions, integers for doubles, missing primitives.
        values.add(utf8("{\"data\":[" + FIRST_BAR + "],\"week\":47,\"year\":2026,\"ticker\":\"AAPL\"}"));
        values.add(utf8("{\"ticker\":\"AAPL\",\"data\":[{\"ticker\":\"AAPL\",\"timestamp\":\"2026-11-16T14:30:00.1Z\",\"open\":1,\"high\":2,"
                + "\"low\":0.5,\"close\":1.5,\"timeframe\":null,\"trade_count\":null,\"vwap\":null,\"source\":null}]}"));
        values.add(utf8("{\"ticker\":\"AAPL\",\"year\":2026,\"week\":47,\"data\":[{\"price_jump\":true,\"close\":1e2,\"low\":99.5,\"high\":101,"
                + "\"open\":100,\"timestamp\":\"2026-11-16T14:30:59.999Z\",\"ticker\":\"AAPL\",\"schema_version\":0,"
                + "\"trade_count\":5000000000,\"volume\":0}]}"));
        values.add(utf8("{\"ticker\":\"AAPL\",\"data\":[{\"ticker\":\"AAPL\",\"timestamp\":\"2026-11-16T14:30:00Z\",\"open\":1e308,"
                + "\"high\":1.7976931348623157e308,\"low\":5e-324,\"close\":12345678901234567890.5,\"volume\":-0.0,\"vwap\":-0,"
                + "\"trade_count\":9223372036854775807,\"schema_version\":-0},{\"ticker\":\"AAPL\",\"timestamp\":\"2026-11-16T14:31:00Z\","
                + "\"open\":1E+2,\"high\":1e400,\"low\":0.1e1,\"close\":12345678901234567890,\"volume\":-0,\"vwap\":-0.0}]}"));
        values.add(utf8(" {\"ticker\":\"AAPL\",\"data\":null} "));
        values.add(utf8("{\"ticker\":\"AAPL\",\"year\":-1,\"week\":0}"));

        int rows = 0;
        for (byte[] value : values) {
            List<Object[]> fast = WeekBarsJsonReader.read(value, NYSE);
            assertThat(fast).as(abbreviated(value)).isNotNull();
            assertThat(rows(fast)).as(abbreviated(value)).isEqualTo(mapperRows(value));
            assertThat(rows(RecordType.WEEK_BARS.flatten(value))).isEqualTo(rows(fast));
            rows += fast.size();
        }
        assertThat(rows).as("bars read").isGreaterThan(7_500);
    }

    @Test
    void leavesUnusualOrInvalidWeeksToTheContractMapper() {
        for (String json : List.of("oops", "[1]", "{\"ticker\":\"AAPL\"", "{\"ticker\":\"AAPL\"} {}", "",
                // the week
                "{\"year\":2026,\"week\":47,\"data\":[]}",
                "{\"ticker\":null,\"year\":2026,\"week\":47,\"data\":[]}",
                "{\"schema_version\":2,\"ticker\":\"AAPL\",\"year\":2026,\"week\":47,\"data\":[]}",
                "{\"schema_version\":\"1\",\"ticker\":\"AAPL\",\"year\":2026,\"week\":47,\"data\":[]}",
                "{\"ticker\":\"AAPL\",\"year\":2026.0,\"week\":47,\"data\":[]}",
                "{\"ticker\":\"AAPL\",\"year\":2026,\"week\":47,\"week\":48,\"data\":[]}",
                "{\"ticker\":\"AAPL\",\"year\":2026,\"week\":47,\"data\":[],\"extra\":1}",
                "{\"ticker\":\"AAPL\",\"year\":2026,\"week\":47,\"data\":{}}",
                "{\"ticker\":\"AAPL\",\"year\":2026,\"week\":47,\"data\":[null]}",
                "{\"ticker\":\"AAPL\",\"year\":2026,\"week\":47,\"data\":[" + FIRST_BAR + "],\"data\":[]}",
                // a bar
                withBar("\"ticker\":null"), withBar("\"timestamp\":null"), withBar("\"timestamp\":1763303460"),
                withBar("\"timestamp\":\"2026-11-16T14:31:00+00:00\""), withBar("\"timestamp\":\" 2026-11-16T14:31:00Z\""),
                withBar("\"open\":0"), withBar("\"high\":-1"), withBar("\"low\":\"10.5\""), withBar("\"close\":null"),
                withBar("\"volume\":\"1\""), withBar("\"trade_count\":1.5"), withBar("\"trade_count\":12345678901234567890"),
                withBar("\"vwap\":\"x\""), withBar("\"source\":[\"alpaca\"]"), withBar("\"price_jump\":1"), withBar("\"price_jump\":null"),
                withBar("\"schema_version\":2"), withBar("\"tradeCount\":12"), json(List.of(add(BAR, field("open", "10.5")))),
                // escapes and non-ASCII the mapper decodes, blanks inside, input cut short
                withBar("\"source\":\"alp\\u0061ca\""), withBar("\"ticker\":\"AAPL€\""), withBar("\"timeframe\":\"1\\/Min\""),
                json(List.of(BAR)).replace(",\"week\":", ", \"week\":"), json(List.of(BAR)).replace("[{", "[\n{"),
                json(List.of(BAR)).substring(0, json(List.of(BAR)).length() - 2), "{\"ticker\":\"AAPL\",\"data\":[")) {
            assertThat(WeekBarsJsonReader.read(utf8(json), NYSE)).as(json).isNull();
        }
        assertThat(WeekBarsJsonReader.read(null, NYSE)).isNull();
        // A bar without its ticker, timestamp or a price.
        for (String required : List.of("ticker", "timestamp", "open", "high", "low", "close")) {
            String week = json(List.of(BAR.stream().filter(f -> !f[0].equals(required)).toList()));
            assertThat(WeekBarsJsonReader.read(utf8(week), NYSE)).as(week).isNull();
        }
    }

    @Test
    void agreesWithTheContractMapperOnEveryVariantOfAWeek() {
        List<String> alternatives = Stream.concat(ALTERNATIVES.stream(), Stream.of("[" + FIRST_BAR + "]")).toList();
        List<String> variants = new ArrayList<>();
        for (List<String[]> bar : variants(BAR, alternatives)) {
            variants.add(json(List.of(bar)));
        }
        for (List<String[]> week : variants(WEEK, alternatives)) {
            variants.add(render(week, List.of(BAR)));
        }
        String plain = json(List.of(BAR));
        variants.addAll(List.of(plain + " x", plain + "{}", plain + "]", " " + plain + "\n", plain.replace("[{", "[null,{"),
                plain.replace("}]", "},[]]"), plain.replace("\"data\"", "\"d\\u0061ta\""), plain.replace("[{", "[ {")));
        variants.addAll(JsonFields.truncatedAndSpaced(plain));

        int fastAccepted = 0;
        for (String json : variants) {
            byte[] value = utf8(json);
            Object mapper = outcome(() -> RecordType.weekBarRows(ContractJson.fromBytes(value, WeekBars.class)));
            List<Object[]> fast = WeekBarsJsonReader.read(value, NYSE);
            if (fast != null) {
                fastAccepted++;
                assertThat(rows(fast)).as(json).isEqualTo(mapper);
            }
            // The same rows, or the same rejection with the same reason.
            assertThat(outcome(() -> RecordType.WEEK_BARS.flatten(value))).as(json).isEqualTo(mapper);
        }
        assertThat(fastAccepted).as("variants the fast path read itself").isGreaterThan(150);
    }

    @Test
    void rejectsInvalidWeeksWithTheContractMappersReason() {
        assertThatThrownBy(() -> RecordType.WEEK_BARS.flatten(utf8(withBar("\"low\":0"))))
                .isInstanceOf(InvalidRecordException.class).hasMessage("bar at 2026-11-16T14:31:00Z has a non-positive price");
        assertThatThrownBy(() -> RecordType.WEEK_BARS.flatten(utf8(withBar("\"timestamp\":null"))))
                .isInstanceOf(InvalidRecordException.class).hasMessageStartingWith("not a valid WeekBars: ").hasMessageContaining("timestamp");
        assertThatThrownBy(() -> RecordType.WEEK_BARS.flatten(utf8("{\"schema_version\":2,\"ticker\":\"AAPL\"}")))
                .isInstanceOf(InvalidRecordException.class).hasMessage("WeekBars has schema version 2, this code reads up to 1");
    }

    /** Bars every step minutes from a New York time for some minutes, Monday to the last day of an ISO week. */
    private static WeekBars week(String ticker, int year, int week, DayOfWeek last, LocalTime from, int minutes, int step, Random random) {
        LocalDate monday = LocalDate.of(year, 6, 1).with(IsoFields.WEEK_OF_WEEK_BASED_YEAR, week).with(DayOfWeek.MONDAY);
        List<Bar> bars = new ArrayList<>();
        double price = 50 + random.nextInt(400);
        int n = 0;
        for (LocalDate day = monday; !day.isAfter(monday.with(last)); day = day.plusDays(1)) {
            for (int m = 0; m < minutes; m += step, n++) {
                Instant at = ZonedDateTime.of(day, from, NEW_YORK).plusMinutes(m).toInstant();
                if (n % 13 == 5) {
                    at = at.plusNanos(1 + random.nextInt(999_999_999));
                } else if (n % 19 == 7) {
                    at = at.plusMillis(500);
                }
                double open = price;
                price = Math.max(0.01, Math.round((price + random.nextGaussian() * 0.05) * 100) / 100.0);
                double high = Math.max(open, price) + random.nextInt(5) / 100.0;
                double low = Math.max(0.01, Math.min(open, price) - random.nextInt(5) / 100.0);
                double volume = n % 7 == 3 ? random.nextInt(10_000) + 0.25 : random.nextInt(50_000);
                Long tradeCount = n % 17 == 0 ? null : n % 101 == 1 ? 5_000_000_000L : (long) random.nextInt(900);
                Double vwap = n % 23 == 0 ? null : Math.round((low + high) / 2 * 10_000) / 10_000.0;
                bars.add(new Bar(n % 29 == 0 ? 0 : 1, ticker, at, n % 37 == 0 ? null : "1Min", open, high, low, price, volume, tradeCount,
                        vwap, n % 31 == 0 ? null : "alpaca", n % 41 == 0));
            }
        }
        return new WeekBars(1, ticker, year, week, bars);
    }

    /** @return the week of {@link #WEEK} with a valid first bar, then the given bars */
    private static String json(List<List<String[]>> bars) {
        return render(WEEK, bars);
    }

    private static String render(List<String[]> week, List<List<String[]>> bars) {
        String data = "[" + FIRST_BAR + bars.stream().map(b -> "," + object(b)).collect(Collectors.joining()) + "]";
        return object(week.stream().map(f -> f[1] == null ? field(f[0], data) : f).toList());
    }

    /** @return the small week with one field of bar 2 replaced or added */
    private static String withBar(String field) {
        String name = field.substring(1, field.indexOf('"', 1));
        List<String[]> bar = BAR.stream().filter(f -> !f[0].equals(name)).collect(Collectors.toCollection(ArrayList::new));
        bar.add(field(name, field.substring(field.indexOf(':') + 1)));
        return json(List.of(bar));
    }

    private static List<List<Object>> mapperRows(byte[] value) {
        return rows(RecordType.weekBarRows(ContractJson.fromBytes(value, WeekBars.class)));
    }

    private static String abbreviated(byte[] value) {
        String json = new String(value, StandardCharsets.UTF_8);
        return json.length() <= 300 ? json : json.substring(0, 300) + "…";
    }
}
