package io.marketflow.sink.domain;

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
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Collectors;

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
                withBar("\"schema_version\":2"), withBar("\"tradeCount\":12"), json(List.of(add(BAR, field("open", "10.5")))))) {
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
        List<String> alternatives = List.of("null", "true", "false", "0", "-1", "1", "2", "99", "1.5", "-0.0", "1e400", "1E2", "2147483648",
                "9223372036854775808", "12345678901234567890.5", "\"\"", "\"x\"", "\"10.5\"", "\"1\"", "\"NaN\"", "[]", "{}", "[1]",
                "[" + FIRST_BAR + "]", "\"2026-11-16T14:32:00Z\"", "\"2026-11-16T14:32:00.1Z\"", "\"2026-11-16T14:32:00.123456789Z\"",
                "\" 2026-11-16T14:32:00Z\"", "\"2026-11-16T14:32:00+00:00\"", "\"2026-11-16T09:32:00-05:00\"", "\"2026-11-16T14:32:00z\"",
                "\"1763303520\"", "\"2026-02-30T14:32:00Z\"", "\"2026-11-16T24:00:00Z\"", "\"+12026-11-16T14:32:00Z\"");
        List<String> variants = new ArrayList<>();
        variants.add(json(List.of(BAR)));
        for (int i = 0; i < BAR.size(); i++) {
            String name = BAR.get(i)[0];
            for (String alternative : alternatives) {
                variants.add(json(List.of(replace(BAR, i, field(name, alternative)))));
            }
            variants.add(json(List.of(remove(BAR, i))));
            variants.add(json(List.of(add(BAR, BAR.get(i)))));
            variants.add(json(List.of(add(BAR, field(name, "2")))));
            variants.add(json(List.of(replace(BAR, i, field(name + "_", BAR.get(i)[1])))));
        }
        for (int i = 0; i < WEEK.size(); i++) {
            String name = WEEK.get(i)[0];
            for (String alternative : alternatives) {
                variants.add(render(replace(WEEK, i, field(name, alternative)), List.of(BAR)));
            }
            variants.add(render(remove(WEEK, i), List.of(BAR)));
            variants.add(render(add(WEEK, field(name, "2")), List.of(BAR)));
        }
        String plain = json(List.of(BAR));
        variants.addAll(List.of(plain + " x", plain + "{}", plain + "]", " " + plain + "\n", plain.replace("[{", "[null,{"),
                plain.replace("}]", "},[]]")));

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

    @Test
    void readsDecimalsExactlyAsDoubleParseDouble() {
        Random random = new Random(11);
        List<String> numbers = new ArrayList<>(List.of("0.1", "0.2", "0.3", "-0.0", "0.0", "187.45", "187.431234", "1E2", "1e-5", "1.5e+3",
                "123456789012345.6", "9007199254740993.0", "9007199254740992.0", "0.000000000000000000001", "1e22", "1e23", "1e-22",
                "4.35", "2.675", "1.005", "123.47999999999999", "5e-324", "1.7976931348623157e308", "0.30000000000000004"));
        for (int i = 0; i < 200_000; i++) {
            // Prices and volumes as providers and Double.toString write them, and longer ones.
            String digits = String.format("%019d", random.nextLong() & Long.MAX_VALUE).substring(0, 1 + random.nextInt(18));
            int dot = random.nextInt(digits.length());
            String number = (random.nextInt(10) == 0 ? "-" : "") + digits.substring(0, dot + 1) + "." + (dot + 1 < digits.length()
                    ? digits.substring(dot + 1) : "0");
            numbers.add(random.nextInt(8) == 0 ? number + "e" + (random.nextInt(50) - 25) : number);
            numbers.add(Double.toString(random.nextInt(100_000) / 100.0));
            numbers.add(Double.toString(random.nextDouble() * 1_000));
        }
        int exact = 0;
        for (String number : numbers) {
            double value = WeekBarsJsonReader.decimal(number.toCharArray(), 0, number.length());
            if (!Double.isNaN(value)) {
                exact++;
                assertThat(Double.doubleToRawLongBits(value)).as(number).isEqualTo(Double.doubleToRawLongBits(Double.parseDouble(number)));
            }
        }
        assertThat(exact).as("numbers read without Double.parseDouble").isGreaterThan(numbers.size() / 2);
        // Offsets inside a larger buffer, as the parser hands them over.
        assertThat(WeekBarsJsonReader.decimal("xx-12.5yy".toCharArray(), 2, 5)).isEqualTo(-12.5);
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

    private static String[] field(String name, String json) {
        return new String[] {name, json};
    }

    private static List<String[]> replace(List<String[]> fields, int i, String[] field) {
        List<String[]> copy = new ArrayList<>(fields);
        copy.set(i, field);
        return copy;
    }

    private static List<String[]> remove(List<String[]> fields, int i) {
        List<String[]> copy = new ArrayList<>(fields);
        copy.remove(i);
        return copy;
    }

    private static List<String[]> add(List<String[]> fields, String[] field) {
        List<String[]> copy = new ArrayList<>(fields);
        copy.add(field);
        return copy;
    }

    /** @return the week of {@link #WEEK} with a valid first bar, then the given bars */
    private static String json(List<List<String[]>> bars) {
        return render(WEEK, bars);
    }

    private static String render(List<String[]> week, List<List<String[]>> bars) {
        String data = "[" + FIRST_BAR + bars.stream().map(b -> "," + object(b)).collect(Collectors.joining()) + "]";
        return object(week.stream().map(f -> f[1] == null ? field(f[0], data) : f).toList());
    }

    private static String object(List<String[]> fields) {
        return fields.stream().map(f -> "\"" + f[0] + "\":" + f[1]).collect(Collectors.joining(",", "{", "}"));
    }

    /** @return the small week with one field of bar 2 replaced or added */
    private static String withBar(String field) {
        String name = field.substring(1, field.indexOf('"', 1));
        List<String[]> bar = BAR.stream().filter(f -> !f[0].equals(name)).collect(Collectors.toCollection(ArrayList::new));
        bar.add(field(name, field.substring(field.indexOf(':') + 1)));
        return json(List.of(bar));
    }

    private static byte[] utf8(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private static List<List<Object>> mapperRows(byte[] value) {
        return rows(RecordType.weekBarRows(ContractJson.fromBytes(value, WeekBars.class)));
    }

    /** @return the rows as lists, which compare by value (arrays in a list compare by identity) */
    private static List<List<Object>> rows(List<Object[]> rows) {
        return rows.stream().map(Arrays::asList).toList();
    }

    /** @return the rows, or the exception's class and message */
    private static Object outcome(Supplier<List<Object[]>> flatten) {
        try {
            return rows(flatten.get());
        } catch (RuntimeException e) {
            return e.getClass().getName() + ": " + e.getMessage();
        }
    }

    private static String abbreviated(byte[] value) {
        String json = new String(value, StandardCharsets.UTF_8);
        return json.length() <= 300 ? json : json.substring(0, 300) + "…";
    }
}
