package io.marketflow.sink.domain;

import static io.marketflow.sink.domain.StrictValues.UNUSUAL;
import static io.marketflow.sink.domain.StrictValues.intValue;
import static io.marketflow.sink.domain.StrictValues.nullableLong;
import static io.marketflow.sink.domain.StrictValues.nullableNumber;
import static io.marketflow.sink.domain.StrictValues.once;
import static io.marketflow.sink.domain.StrictValues.positive;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import io.marketflow.calendar.MarketCalendar;
import io.marketflow.contract.ContractRecord;

/**
 * The fast path of the bar topic's parse: the record's bytes read by a {@link CompactJsonCursor} straight into
 * {@link RecordType#WEEK_BARS}'s rows, without the data binding (a {@code Bar} per bar, a {@code DateTimeFormatter} parse
 * per instant) that was about 40 % of the sink's CPU, nor Jackson's general tokenizer. It only accepts the compact shape
 * the contract mapper writes (known fields, each once, known token types, ASCII strings without escapes, ISO instants
 * ending in {@code Z}) and only weeks the sink stores; for anything else it returns null and the caller uses the contract
 * mapper, which then also gives the rejection reason. So both paths agree on every record.
 */
final class WeekBarsJsonReader {

    // Slots by name from WEEK_BARS's one declaration (RecordRows.WEEK_BARS), looked up once: a change of its columns
    // cannot shift this path's rows unnoticed, and RecordTypeTest and WeekBarsJsonReaderTest check every slot is filled.
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

    /** A week's fields in the order the contract writes them (see {@link io.marketflow.contract.WeekBars}). */
    private static final FieldsInOrder WEEK_FIELDS = new FieldsInOrder("schema_version", "ticker", "year", "week", "data");
    private static final int W_SCHEMA_VERSION = 0, W_TICKER = 1, W_YEAR = 2, W_WEEK = 3, W_DATA = 4;

    /** A bar's fields in the order the contract writes them (see {@link io.marketflow.contract.Bar}). */
    private static final FieldsInOrder BAR_FIELDS = new FieldsInOrder("schema_version", "ticker", "timestamp", "timeframe", "open", "high",
            "low", "close", "volume", "trade_count", "vwap", "source", "price_jump");
    private static final int F_SCHEMA_VERSION = 0, F_TICKER = 1, F_TIMESTAMP = 2, F_TIMEFRAME = 3, F_OPEN = 4, F_HIGH = 5, F_LOW = 6,
            F_CLOSE = 7, F_VOLUME = 8, F_TRADE_COUNT = 9, F_VWAP = 10, F_SOURCE = 11, F_PRICE_JUMP = 12;
    /** Without these the mapper rejects the bar (null ticker or timestamp) or the sink does (a missing price reads as 0). */
    private static final int REQUIRED = 1 << F_TICKER | 1 << F_TIMESTAMP | 1 << F_OPEN | 1 << F_HIGH | 1 << F_LOW | 1 << F_CLOSE;

    private final CompactJsonCursor c;
    private final TradingDates dates;
    // The previous bar's values: equal ones are shared rather than allocated again, for this path's time and the
    // buffered rows' memory.
    private String ticker;
    private String timeframe;
    private String source;
    private LocalDate monthOf;
    private String month;

    private WeekBarsJsonReader(CompactJsonCursor c, MarketCalendar calendar) {
        this.c = c;
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
        try {
            return new WeekBarsJsonReader(new CompactJsonCursor(value), calendar).week();
        } catch (RuntimeException e) {
            // Malformed, unusual or rejected: the contract mapper reads it again and explains the rejection.
            return null;
        }
    }

    private List<Object[]> week() {
        c.expect('{');
        int seen = 0;
        int schemaVersion = 0;
        String weekTicker = null;
        int weekYear = 0;
        int week = 0;
        List<Object[]> rows = null;
        if (!c.take('}')) {
            int field = W_SCHEMA_VERSION;
            do {
                field = WEEK_FIELDS.next(c, field);
                seen = once(seen, field);
                switch (field) {
                    case W_SCHEMA_VERSION -> schemaVersion = intValue(c);
                    case W_TICKER -> weekTicker = ticker = c.text(ticker);
                    case W_YEAR -> weekYear = intValue(c);
                    case W_WEEK -> week = intValue(c);
                    case W_DATA -> rows = bars();
                    default -> throw UNUSUAL;
                }
                field++;
            } while (c.take(','));
            c.expect('}');
        }
        c.end();
        if (weekTicker == null || schemaVersion > ContractRecord.CURRENT_SCHEMA_VERSION) {
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

    private List<Object[]> bars() {
        if (c.takeNull()) {
            return new ArrayList<>(0);
        }
        c.expect('[');
        List<Object[]> rows = new ArrayList<>();
        if (c.take(']')) {
            return rows;
        }
        do {
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
        } while (c.take(','));
        c.expect(']');
        return rows;
    }

    /** Reads one bar object into a row whose derived slots are still empty. */
    private Object[] bar() {
        c.expect('{');
        Object[] row = new Object[WIDTH];
        int seen = 0;
        if (!c.take('}')) {
            int field = F_SCHEMA_VERSION;
            do {
                field = BAR_FIELDS.next(c, field);
                seen = once(seen, field);
                switch (field) {
                    case F_SCHEMA_VERSION -> {
                        int schemaVersion = intValue(c);
                        // The mapper checks only the week's version; a newer bar inside is its call, not this path's.
                        if (schemaVersion > ContractRecord.CURRENT_SCHEMA_VERSION) {
                            throw UNUSUAL;
                        }
                        row[SCHEMA_VERSION] = schemaVersion;
                    }
                    case F_TICKER -> row[TICKER] = ticker = c.text(ticker);
                    case F_TIMESTAMP -> row[TIMESTAMP] = c.instant();
                    case F_TIMEFRAME -> row[TIMEFRAME] = c.takeNull() ? null : (timeframe = c.text(timeframe));
                    case F_OPEN -> row[OPEN] = positive(c);
                    case F_HIGH -> row[HIGH] = positive(c);
                    case F_LOW -> row[LOW] = positive(c);
                    case F_CLOSE -> row[CLOSE] = positive(c);
                    case F_VOLUME -> row[VOLUME] = c.number();
                    case F_TRADE_COUNT -> row[TRADE_COUNT] = nullableLong(c);
                    case F_VWAP -> row[VWAP] = nullableNumber(c);
                    case F_SOURCE -> row[SOURCE] = c.takeNull() ? null : (source = c.text(source));
                    case F_PRICE_JUMP -> row[PRICE_JUMP] = c.bool();
                    default -> throw UNUSUAL;
                }
                field++;
            } while (c.take(','));
            c.expect('}');
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
