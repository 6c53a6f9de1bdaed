package io.marketflow.sink.domain;

import static io.marketflow.sink.domain.StrictValues.UNUSUAL;
import static io.marketflow.sink.domain.StrictValues.bool;
import static io.marketflow.sink.domain.StrictValues.instant;
import static io.marketflow.sink.domain.StrictValues.intValue;
import static io.marketflow.sink.domain.StrictValues.nullableLong;
import static io.marketflow.sink.domain.StrictValues.number;
import static io.marketflow.sink.domain.StrictValues.once;
import static io.marketflow.sink.domain.StrictValues.positive;
import static io.marketflow.sink.domain.StrictValues.text;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

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

    /** A bar's fields in the order the contract writes them (see {@link io.marketflow.contract.Bar}). */
    private static final FieldsInOrder BAR_FIELDS = new FieldsInOrder("schema_version", "ticker", "timestamp", "timeframe", "open", "high",
            "low", "close", "volume", "trade_count", "vwap", "source", "price_jump");
    private static final int F_SCHEMA_VERSION = 0, F_TICKER = 1, F_TIMESTAMP = 2, F_TIMEFRAME = 3, F_OPEN = 4, F_HIGH = 5, F_LOW = 6,
            F_CLOSE = 7, F_VOLUME = 8, F_TRADE_COUNT = 9, F_VWAP = 10, F_SOURCE = 11, F_PRICE_JUMP = 12;
    /** Without these the mapper rejects the bar (null ticker or timestamp) or the sink does (a missing price reads as 0). */
    private static final int REQUIRED = 1 << F_TICKER | 1 << F_TIMESTAMP | 1 << F_OPEN | 1 << F_HIGH | 1 << F_LOW | 1 << F_CLOSE;

    private final JsonParser p;
    private final TradingDates dates;
    // The previous bar's values: equal ones are shared rather than allocated again, for this path's time and the
    // buffered rows' memory.
    private String ticker;
    private String timeframe;
    private String source;
    private LocalDate monthOf;
    private String month;

    private WeekBarsJsonReader(JsonParser p, MarketCalendar calendar) {
        this.p = p;
        // One per message, not shared: a week's bars are a few days, while other threads parse other weeks.
        this.dates = new TradingDates(calendar.zone());
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
                    seen = once(seen, 0);
                    schemaVersion = intValue(p, v);
                }
                case "ticker" -> {
                    seen = once(seen, 1);
                    weekTicker = ticker = text(p, v, ticker);
                }
                case "year" -> {
                    seen = once(seen, 2);
                    weekYear = intValue(p, v);
                }
                case "week" -> {
                    seen = once(seen, 3);
                    week = intValue(p, v);
                }
                case "data" -> {
                    seen = once(seen, 4);
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
            TradingDates.Day day = dates.of((Instant) row[TIMESTAMP]);
            if (!day.date().equals(monthOf)) {
                // String.format per bar would cost more than the rest of the row.
                monthOf = day.date();
                month = RecordType.month(monthOf);
            }
            row[DATE] = day.date();
            row[YEAR] = day.year();
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
        while ((field = BAR_FIELDS.next(p, field)) != FieldsInOrder.END) {
            seen = once(seen, field);
            JsonToken v = p.nextToken();
            switch (field) {
                case F_SCHEMA_VERSION -> {
                    int schemaVersion = intValue(p, v);
                    // The mapper checks only the week's version; a newer bar inside is its call, not this path's.
                    if (schemaVersion > ContractRecord.CURRENT_SCHEMA_VERSION) {
                        throw UNUSUAL;
                    }
                    row[SCHEMA_VERSION] = schemaVersion;
                }
                case F_TICKER -> row[TICKER] = ticker = text(p, v, ticker);
                case F_TIMESTAMP -> row[TIMESTAMP] = instant(p, v);
                case F_TIMEFRAME -> row[TIMEFRAME] = v == JsonToken.VALUE_NULL ? null : (timeframe = text(p, v, timeframe));
                case F_OPEN -> row[OPEN] = positive(p, v);
                case F_HIGH -> row[HIGH] = positive(p, v);
                case F_LOW -> row[LOW] = positive(p, v);
                case F_CLOSE -> row[CLOSE] = positive(p, v);
                case F_VOLUME -> row[VOLUME] = number(p, v);
                case F_TRADE_COUNT -> row[TRADE_COUNT] = nullableLong(p, v);
                case F_VWAP -> row[VWAP] = v == JsonToken.VALUE_NULL ? null : number(p, v);
                case F_SOURCE -> row[SOURCE] = v == JsonToken.VALUE_NULL ? null : (source = text(p, v, source));
                case F_PRICE_JUMP -> row[PRICE_JUMP] = bool(v);
                default -> throw UNUSUAL;
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
}
