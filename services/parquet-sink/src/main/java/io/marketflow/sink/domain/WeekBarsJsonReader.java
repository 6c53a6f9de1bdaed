package io.marketflow.sink.domain;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.SerializedString;

import io.marketflow.calendar.MarketCalendar;
import io.marketflow.contract.ContractJson;
import io.marketflow.contract.ContractRecord;

/**
 * The fast path of the bar topic's parse: Jackson's streaming parser straight into {@link RecordType#WEEK_BARS}'s rows,
 * without the data binding (a {@code Bar} per bar, a {@code DateTimeFormatter} parse per instant) that was about 40 % of
 * the sink's CPU. It only accepts the shape the contract mapper writes (known fields, each once, known token types, ISO
 * instants ending in {@code Z}) and only weeks the sink stores; for anything else it returns null and the caller uses
 * the contract mapper, which then also gives the rejection reason. So both paths agree on every record.
 */
final class WeekBarsJsonReader {

    private static final JsonFactory JSON = ContractJson.mapper().getFactory();

    // Slots by name, so that a change of WEEK_BARS's columns cannot shift this path's rows unnoticed.
    private static final int WIDTH = RecordType.WEEK_BARS.slotCount();
    private static final int TIMESTAMP = RecordType.WEEK_BARS.slot("timestamp");
    private static final int TICKER = RecordType.WEEK_BARS.slot("ticker");
    private static final int TIMEFRAME = RecordType.WEEK_BARS.slot("timeframe");
    private static final int OPEN = RecordType.WEEK_BARS.slot("open");
    private static final int HIGH = RecordType.WEEK_BARS.slot("high");
    private static final int LOW = RecordType.WEEK_BARS.slot("low");
    private static final int CLOSE = RecordType.WEEK_BARS.slot("close");
    private static final int VOLUME = RecordType.WEEK_BARS.slot("volume");
    private static final int TRADE_COUNT = RecordType.WEEK_BARS.slot("trade_count");
    private static final int VWAP = RecordType.WEEK_BARS.slot("vwap");
    private static final int SOURCE = RecordType.WEEK_BARS.slot("source");
    private static final int PRICE_JUMP = RecordType.WEEK_BARS.slot("price_jump");
    private static final int SCHEMA_VERSION = RecordType.WEEK_BARS.slot("schema_version");
    private static final int DATE = RecordType.WEEK_BARS.slot("date");
    private static final int YEAR = RecordType.WEEK_BARS.slot("year");
    private static final int MONTH = RecordType.WEEK_BARS.slot("month");
    private static final int ISO_WEEK = RecordType.WEEK_BARS.slot("iso_week");

    /**
     * A bar's fields in the order the contract writes them: the parser compares the next name's bytes with the expected
     * one, which is cheaper than looking every name up (a sixth of this class's time before).
     */
    private static final SerializedString[] BAR_FIELDS = {
            new SerializedString("schema_version"), new SerializedString("ticker"), new SerializedString("timestamp"),
            new SerializedString("timeframe"), new SerializedString("open"), new SerializedString("high"), new SerializedString("low"),
            new SerializedString("close"), new SerializedString("volume"), new SerializedString("trade_count"),
            new SerializedString("vwap"), new SerializedString("source"), new SerializedString("price_jump")};
    private static final int F_SCHEMA_VERSION = 0, F_TICKER = 1, F_TIMESTAMP = 2, F_TIMEFRAME = 3, F_OPEN = 4, F_HIGH = 5, F_LOW = 6,
            F_CLOSE = 7, F_VOLUME = 8, F_TRADE_COUNT = 9, F_VWAP = 10, F_SOURCE = 11, F_PRICE_JUMP = 12, F_END = -1;
    /** Without these the mapper rejects the bar (null ticker or timestamp) or the sink does (a missing price reads as 0). */
    private static final int REQUIRED = 1 << F_TICKER | 1 << F_TIMESTAMP | 1 << F_OPEN | 1 << F_HIGH | 1 << F_LOW | 1 << F_CLOSE;

    /** Powers of ten a double holds exactly. */
    private static final double[] POWERS_OF_TEN = {
            1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

    private static final Unusual UNUSUAL = new Unusual();

    private final JsonParser p;
    private final MarketCalendar calendar;
    // The previous bar's values: equal ones are shared rather than allocated again, for this path's time and the
    // buffered rows' memory.
    private String ticker;
    private String timeframe;
    private String source;
    private LocalDate monthOf;
    private String month;
    private Integer year;

    private WeekBarsJsonReader(JsonParser p, MarketCalendar calendar) {
        this.p = p;
        this.calendar = calendar;
    }

    /**
     * @param value a record value
     * @param calendar the calendar that gives a bar its trading date
     * @return the week's rows, one per bar, as {@link RecordType#WEEK_BARS} stores them; null when the fast path cannot
     *         tell (the contract mapper decides)
     */
    static List<Object[]> read(byte[] value, MarketCalendar calendar) {
        if (value == null || value.length == 0) {
            return null;
        }
        try (JsonParser p = JSON.createParser(value)) {
            return new WeekBarsJsonReader(p, calendar).week();
        } catch (IOException | RuntimeException e) {
            // Malformed, unusual or rejected: the contract mapper reads it again and explains the rejection.
            return null;
        }
    }

    private List<Object[]> week() throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            return null;
        }
        int seen = 0;
        int schemaVersion = 0;
        String weekTicker = null;
        int weekYear = 0;
        int week = 0;
        List<Object[]> rows = null;
        JsonToken token;
        while ((token = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            switch (name) {
                case "schema_version" -> {
                    seen = once(seen, 1);
                    schemaVersion = intValue(v);
                }
                case "ticker" -> {
                    seen = once(seen, 1 << 1);
                    text(v);
                    weekTicker = p.getText();
                }
                case "year" -> {
                    seen = once(seen, 1 << 2);
                    weekYear = intValue(v);
                }
                case "week" -> {
                    seen = once(seen, 1 << 3);
                    week = intValue(v);
                }
                case "data" -> {
                    seen = once(seen, 1 << 4);
                    rows = bars(v);
                }
                default -> {
                    return null;
                }
            }
        }
        // Trailing content is not rejected by the mapper either, but it is not what the contract writes.
        if (token != JsonToken.END_OBJECT || p.nextToken() != null || weekTicker == null
                || schemaVersion > ContractRecord.CURRENT_SCHEMA_VERSION) {
            return null;
        }
        if (rows == null) {
            // The mapper reads a missing data list as an empty week.
            return new ArrayList<>(0);
        }
        // Known only now: year and week may follow the data.
        String isoWeek = RecordType.isoWeek(weekYear, week);
        for (Object[] row : rows) {
            row[ISO_WEEK] = isoWeek;
        }
        return rows;
    }

    private List<Object[]> bars(JsonToken v) throws IOException {
        if (v == JsonToken.VALUE_NULL) {
            return new ArrayList<>(0);
        }
        if (v != JsonToken.START_ARRAY) {
            throw UNUSUAL;
        }
        List<Object[]> rows = new ArrayList<>();
        JsonToken token;
        while ((token = p.nextToken()) == JsonToken.START_OBJECT) {
            Object[] row = bar();
            LocalDate date = calendar.tradingDate((Instant) row[TIMESTAMP]);
            if (!date.equals(monthOf)) {
                // String.format per bar would cost more than the rest of the row.
                monthOf = date;
                month = RecordType.month(date);
                year = date.getYear();
            }
            row[DATE] = date;
            row[YEAR] = year;
            row[MONTH] = month;
            rows.add(row);
        }
        if (token != JsonToken.END_ARRAY) {
            throw UNUSUAL;
        }
        return rows;
    }

    /** Reads one bar object, its START_OBJECT already consumed, into a row whose derived slots are still empty. */
    private Object[] bar() throws IOException {
        Object[] row = new Object[WIDTH];
        int seen = 0;
        int field = F_SCHEMA_VERSION;
        while ((field = nextField(field)) != F_END) {
            seen = once(seen, 1 << field);
            JsonToken v = p.nextToken();
            switch (field) {
                case F_SCHEMA_VERSION -> {
                    int schemaVersion = intValue(v);
                    // The mapper checks only the week's version; a newer bar inside is its call, not this path's.
                    if (schemaVersion > ContractRecord.CURRENT_SCHEMA_VERSION) {
                        throw UNUSUAL;
                    }
                    row[SCHEMA_VERSION] = schemaVersion;
                }
                case F_TICKER -> row[TICKER] = ticker = text(v, ticker);
                case F_TIMESTAMP -> {
                    text(v);
                    Instant timestamp = IsoInstants.utc(p.getText());
                    if (timestamp == null) {
                        throw UNUSUAL;
                    }
                    row[TIMESTAMP] = timestamp;
                }
                case F_TIMEFRAME -> row[TIMEFRAME] = v == JsonToken.VALUE_NULL ? null : (timeframe = text(v, timeframe));
                case F_OPEN -> row[OPEN] = price(v);
                case F_HIGH -> row[HIGH] = price(v);
                case F_LOW -> row[LOW] = price(v);
                case F_CLOSE -> row[CLOSE] = price(v);
                case F_VOLUME -> row[VOLUME] = number(v);
                case F_TRADE_COUNT -> row[TRADE_COUNT] = nullableLong(v);
                case F_VWAP -> row[VWAP] = v == JsonToken.VALUE_NULL ? null : number(v);
                case F_SOURCE -> row[SOURCE] = v == JsonToken.VALUE_NULL ? null : (source = text(v, source));
                case F_PRICE_JUMP -> {
                    if (v != JsonToken.VALUE_TRUE && v != JsonToken.VALUE_FALSE) {
                        throw UNUSUAL;
                    }
                    row[PRICE_JUMP] = v == JsonToken.VALUE_TRUE;
                }
            }
            field++;
        }
        if ((seen & REQUIRED) != REQUIRED) {
            throw UNUSUAL;
        }
        // What the mapper reads for a missing primitive.
        if ((seen & 1 << F_SCHEMA_VERSION) == 0) {
            row[SCHEMA_VERSION] = 0;
        }
        if ((seen & 1 << F_VOLUME) == 0) {
            row[VOLUME] = 0.0;
        }
        if ((seen & 1 << F_PRICE_JUMP) == 0) {
            row[PRICE_JUMP] = false;
        }
        return row;
    }

    /**
     * @param expected the field the contract writes next (fields it leaves out as null are skipped)
     * @return the next field of the bar, F_END at its end
     */
    private int nextField(int expected) throws IOException {
        JsonToken token;
        if (expected < BAR_FIELDS.length) {
            if (p.nextFieldName(BAR_FIELDS[expected])) {
                return expected;
            }
            token = p.currentToken();
        } else {
            token = p.nextToken();
        }
        if (token == JsonToken.END_OBJECT) {
            return F_END;
        }
        if (token != JsonToken.FIELD_NAME) {
            throw UNUSUAL;
        }
        return switch (p.currentName()) {
            case "schema_version" -> F_SCHEMA_VERSION;
            case "ticker" -> F_TICKER;
            case "timestamp" -> F_TIMESTAMP;
            case "timeframe" -> F_TIMEFRAME;
            case "open" -> F_OPEN;
            case "high" -> F_HIGH;
            case "low" -> F_LOW;
            case "close" -> F_CLOSE;
            case "volume" -> F_VOLUME;
            case "trade_count" -> F_TRADE_COUNT;
            case "vwap" -> F_VWAP;
            case "source" -> F_SOURCE;
            case "price_jump" -> F_PRICE_JUMP;
            default -> throw UNUSUAL;
        };
    }

    /** @return seen with the field's bit; throws when the field was already there */
    private static int once(int seen, int field) {
        if ((seen & field) != 0) {
            throw UNUSUAL;
        }
        return seen | field;
    }

    private int intValue(JsonToken v) throws IOException {
        // Floats, strings and nulls the mapper coerces, and longs it rejects: its call.
        if (v != JsonToken.VALUE_NUMBER_INT || p.getNumberType() != JsonParser.NumberType.INT) {
            throw UNUSUAL;
        }
        return p.getIntValue();
    }

    private double number(JsonToken v) throws IOException {
        if (v == JsonToken.VALUE_NUMBER_FLOAT) {
            double value = decimal(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
            return Double.isNaN(value) ? p.getDoubleValue() : value;
        }
        if (v != JsonToken.VALUE_NUMBER_INT) {
            throw UNUSUAL;
        }
        return p.getDoubleValue();
    }

    /** @return a price the sink accepts; a non-positive one is left to the mapper path, which gives the reason */
    private double price(JsonToken v) throws IOException {
        double price = number(v);
        if (!(price > 0)) {
            throw UNUSUAL;
        }
        return price;
    }

    private Long nullableLong(JsonToken v) throws IOException {
        if (v == JsonToken.VALUE_NULL) {
            return null;
        }
        if (v != JsonToken.VALUE_NUMBER_INT || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            throw UNUSUAL;
        }
        return p.getLongValue();
    }

    private void text(JsonToken v) {
        if (v != JsonToken.VALUE_STRING) {
            throw UNUSUAL;
        }
    }

    /** @return the string value, the previous instance when it is equal */
    private String text(JsonToken v, String previous) throws IOException {
        text(v);
        char[] chars = p.getTextCharacters();
        int offset = p.getTextOffset();
        int length = p.getTextLength();
        if (previous != null && previous.length() == length) {
            int i = 0;
            while (i < length && previous.charAt(i) == chars[offset + i]) {
                i++;
            }
            if (i == length) {
                return previous;
            }
        }
        return new String(chars, offset, length);
    }

    /**
     * The exact case of decimal to double (Clinger): up to 2^53 as the digits and a power of ten up to 22 both are
     * doubles, and one division or multiplication of them is rounded correctly, so the result is the one
     * {@link Double#parseDouble} gives, without its general algorithm (the largest part of this class's time before).
     *
     * @return the value of a JSON number, NaN when it is not that case (more digits, a larger exponent)
     */
    static double decimal(char[] chars, int offset, int length) {
        int i = offset;
        int end = offset + length;
        boolean negative = i < end && chars[i] == '-';
        if (negative) {
            i++;
        }
        long digits = 0;
        int count = 0;
        int scale = 0;
        boolean fraction = false;
        for (; i < end; i++) {
            char c = chars[i];
            if (c >= '0' && c <= '9') {
                if (++count > 18) {
                    return Double.NaN;
                }
                digits = digits * 10 + (c - '0');
                if (fraction) {
                    scale++;
                }
            } else if (c == '.' && !fraction) {
                fraction = true;
            } else {
                break;
            }
        }
        int exponent = 0;
        if (i < end) {
            if (chars[i] != 'e' && chars[i] != 'E' || ++i == end) {
                return Double.NaN;
            }
            boolean negativeExponent = chars[i] == '-';
            if (negativeExponent || chars[i] == '+') {
                i++;
            }
            if (i == end || end - i > 3) {
                return Double.NaN;
            }
            for (; i < end; i++) {
                char c = chars[i];
                if (c < '0' || c > '9') {
                    return Double.NaN;
                }
                exponent = exponent * 10 + (c - '0');
            }
            if (negativeExponent) {
                exponent = -exponent;
            }
        }
        exponent -= scale;
        if (count == 0 || digits > 1L << 53 || exponent < -22 || exponent > 22) {
            return Double.NaN;
        }
        double value = exponent < 0 ? digits / POWERS_OF_TEN[-exponent] : digits * POWERS_OF_TEN[exponent];
        return negative ? -value : value;
    }

    /** Gives up on a record; without a stack trace, as it only ever ends in {@link #read}'s null. */
    private static final class Unusual extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unusual() {
            super("not what the contract writes", null, false, false);
        }
    }
}
