package io.marketflow.sink.domain;

import static io.marketflow.sink.domain.ColumnType.BOOLEAN;
import static io.marketflow.sink.domain.ColumnType.DATE;
import static io.marketflow.sink.domain.ColumnType.DOUBLE;
import static io.marketflow.sink.domain.ColumnType.INT32;
import static io.marketflow.sink.domain.ColumnType.INT64;
import static io.marketflow.sink.domain.ColumnType.STRING;
import static io.marketflow.sink.domain.ColumnType.STRING_DOUBLE_MAP;
import static io.marketflow.sink.domain.ColumnType.STRING_LIST;
import static io.marketflow.sink.domain.ColumnType.TIMESTAMP_MICROS;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;

import io.marketflow.calendar.MarketCalendar;
import io.marketflow.contract.Bar;
import io.marketflow.contract.ContractJson;
import io.marketflow.contract.FundamentalsRecord;
import io.marketflow.contract.InvalidRecordException;
import io.marketflow.contract.MacroObservation;
import io.marketflow.contract.NewsArticle;
import io.marketflow.contract.PolicyEvent;
import io.marketflow.contract.SocialPost;
import io.marketflow.contract.Trade;
import io.marketflow.contract.WeekBars;

/**
 * The record types the sink stores: each knows its fields, the extra fields it offers only as partition levels, and how
 * one Kafka value becomes zero or more flat rows (field name → value). Parsing failures and schema violations throw
 * {@link InvalidRecordException} with the reason that goes into the dead-letter headers.
 */
public enum RecordType {

    /** {@link Trade}, one row per trade; {@code date} is the New York trading date of the execution. */
    TRADE(List.of(
            new Column("timestamp", TIMESTAMP_MICROS), new Column("timestamp_nanos", INT64), new Column("ticker", STRING),
            new Column("price", DOUBLE), new Column("size", DOUBLE), new Column("exchange", STRING),
            new Column("trade_id", INT64), new Column("conditions", STRING_LIST), new Column("tape", STRING),
            new Column("source", STRING), new Column("synthetic", BOOLEAN), new Column("schema_version", INT32)),
            List.of("date", "year")) {
        @Override
        public List<Object[]> flatten(byte[] value) {
            Trade fast = TradeJsonReader.read(value);
            return Collections.singletonList(tradeRow(fast != null ? fast : ContractJson.fromBytes(value, Trade.class)));
        }
    },

    /** {@link WeekBars} flattened to one row per bar; {@code date} is the New York trading date of the bar. */
    WEEK_BARS(List.of(
            new Column("timestamp", TIMESTAMP_MICROS), new Column("ticker", STRING), new Column("timeframe", STRING),
            new Column("open", DOUBLE), new Column("high", DOUBLE), new Column("low", DOUBLE), new Column("close", DOUBLE),
            new Column("volume", DOUBLE), new Column("trade_count", INT64), new Column("vwap", DOUBLE),
            new Column("source", STRING), new Column("price_jump", BOOLEAN), new Column("schema_version", INT32)),
            List.of("date", "year", "month", "iso_week")) {
        @Override
        public List<Object[]> flatten(byte[] value) {
            List<Object[]> fast = WeekBarsJsonReader.read(value, NYSE);
            return fast != null ? fast : weekBarRows(ContractJson.fromBytes(value, WeekBars.class));
        }
    },

    /** {@link MacroObservation}; {@code year} is the observation date's year. */
    MACRO(List.of(
            new Column("series_id", STRING), new Column("alias", STRING), new Column("date", DATE),
            new Column("value", DOUBLE), new Column("source", STRING), new Column("schema_version", INT32),
            new Column("realtime_start", DATE), new Column("realtime_end", DATE)),
            List.of("year")) {
        @Override
        public List<Object[]> flatten(byte[] value) {
            MacroObservation m = ContractJson.fromBytes(value, MacroObservation.class);
            // Slots in the order of fields() then partition-only fields (see slot()).
            Object[] row = {
                    m.seriesId(), // series_id
                    m.alias(), // alias
                    m.date(), // date
                    m.value(), // value
                    m.source(), // source
                    m.schemaVersion(), // schema_version
                    m.realtimeStart(), // realtime_start
                    m.realtimeEnd(), // realtime_end
                    m.date().getYear() // year
            };
            return Collections.singletonList(row);
        }
    },

    /** {@link FundamentalsRecord}; statement lines stay a MAP column because they vary by provider. */
    FUNDAMENTALS(List.of(
            new Column("ticker", STRING), new Column("period", STRING), new Column("fiscal_year", INT32),
            new Column("report_date", DATE), new Column("filing_date", DATE), new Column("currency", STRING),
            new Column("metrics", STRING_DOUBLE_MAP), new Column("source", STRING), new Column("schema_version", INT32),
            new Column("accepted_at", TIMESTAMP_MICROS), new Column("available_from", DATE)),
            List.of()) {
        @Override
        public List<Object[]> flatten(byte[] value) {
            FundamentalsRecord f = ContractJson.fromBytes(value, FundamentalsRecord.class);
            require(f.fiscalYear() > 0, () -> "fiscal_year missing");
            // Slots in the order of fields() then partition-only fields (see slot()).
            Object[] row = {
                    f.ticker(), // ticker
                    f.period(), // period
                    f.fiscalYear(), // fiscal_year
                    f.reportDate(), // report_date
                    f.filingDate(), // filing_date
                    f.currency(), // currency
                    f.metrics(), // metrics
                    f.source(), // source
                    f.schemaVersion(), // schema_version
                    f.acceptedAt(), // accepted_at
                    f.availableFrom() // available_from
            };
            return Collections.singletonList(row);
        }
    },

    /** {@link NewsArticle}; {@code date} is the UTC date of publication (news is not market data). */
    NEWS(List.of(
            new Column("id", STRING), new Column("ticker", STRING), new Column("related", STRING_LIST),
            new Column("published_at", TIMESTAMP_MICROS), new Column("headline", STRING), new Column("summary", STRING),
            new Column("publisher", STRING), new Column("url", STRING), new Column("provider", STRING),
            new Column("schema_version", INT32), new Column("sentiment", DOUBLE), new Column("scorer", STRING)),
            List.of("date")) {
        @Override
        public List<Object[]> flatten(byte[] value) {
            NewsArticle n = ContractJson.fromBytes(value, NewsArticle.class);
            // Slots in the order of fields() then partition-only fields (see slot()).
            Object[] row = {
                    n.id(), // id
                    n.ticker(), // ticker
                    n.related(), // related
                    n.publishedAt(), // published_at
                    n.headline(), // headline
                    n.summary(), // summary
                    n.publisher(), // publisher
                    n.url(), // url
                    n.provider(), // provider
                    n.schemaVersion(), // schema_version
                    n.sentiment(), // sentiment
                    n.scorer(), // scorer
                    utcDate(n.publishedAt()) // date
            };
            return Collections.singletonList(row);
        }
    },

    /** {@link SocialPost}; {@code date} is the UTC date the post was written. */
    SOCIAL(List.of(
            new Column("id", STRING), new Column("platform", STRING), new Column("author", STRING),
            new Column("text", STRING), new Column("created_at", TIMESTAMP_MICROS), new Column("keyword", STRING),
            new Column("lang", STRING), new Column("like_count", INT64), new Column("repost_count", INT64),
            new Column("schema_version", INT32), new Column("ticker", STRING), new Column("sentiment", DOUBLE),
            new Column("scorer", STRING)),
            List.of("date")) {
        @Override
        public List<Object[]> flatten(byte[] value) {
            SocialPost p = ContractJson.fromBytes(value, SocialPost.class);
            // Slots in the order of fields() then partition-only fields (see slot()).
            Object[] row = {
                    p.id(), // id
                    p.platform(), // platform
                    p.author(), // author
                    p.text(), // text
                    p.createdAt(), // created_at
                    p.keyword(), // keyword
                    p.lang(), // lang
                    p.likeCount(), // like_count
                    p.repostCount(), // repost_count
                    p.schemaVersion(), // schema_version
                    p.ticker(), // ticker
                    p.sentiment(), // sentiment
                    p.scorer(), // scorer
                    utcDate(p.createdAt()) // date
            };
            return Collections.singletonList(row);
        }
    },

    /** {@link PolicyEvent}; {@code year} is the UTC year the event became public. */
    POLICY(List.of(
            new Column("event_type", STRING), new Column("effective_at", TIMESTAMP_MICROS), new Column("title", STRING),
            new Column("target_rate_lower", DOUBLE), new Column("target_rate_upper", DOUBLE),
            new Column("change_bps", INT32), new Column("source", STRING), new Column("schema_version", INT32)),
            List.of("year")) {
        @Override
        public List<Object[]> flatten(byte[] value) {
            PolicyEvent e = ContractJson.fromBytes(value, PolicyEvent.class);
            // Slots in the order of fields() then partition-only fields (see slot()).
            Object[] row = {
                    e.eventType(), // event_type
                    e.effectiveAt(), // effective_at
                    e.title(), // title
                    e.targetRateLower(), // target_rate_lower
                    e.targetRateUpper(), // target_rate_upper
                    e.changeBps(), // change_bps
                    e.source(), // source
                    e.schemaVersion(), // schema_version
                    utcDate(e.effectiveAt()).getYear() // year
            };
            return Collections.singletonList(row);
        }
    };

    private static final MarketCalendar NYSE = MarketCalendar.nyse();
    /** {@link MarketCalendar#tradingDate} of {@link #NYSE}, remembered per day: trades come a day at a time. */
    private static final TradingDates NYSE_DATES = new TradingDates(NYSE.zone());

    private final List<Column> fields;
    private final List<String> derivedFields;
    private final List<String> slots;

    RecordType(List<Column> fields, List<String> derivedFields) {
        this.fields = fields;
        this.derivedFields = derivedFields;
        List<String> names = new ArrayList<>();
        fields.forEach(c -> names.add(c.name()));
        names.addAll(derivedFields);
        this.slots = List.copyOf(names);
    }

    /**
     * @param value one Kafka record value (contract JSON)
     * @return the flat rows it stores as, one value (Instant, LocalDate, String, Long, Integer, Double, …) per
     *         {@link #slot}: arrays rather than maps, because this runs for every record
     * @throws InvalidRecordException when the value is not a valid record of this type
     */
    public abstract List<Object[]> flatten(byte[] value);

    /**
     * @param name a field or partition-only field
     * @return its index in the arrays {@link #flatten} returns: {@link #fields()} in order, then the partition-only fields
     */
    public int slot(String name) {
        int slot = slots.indexOf(name);
        if (slot < 0) {
            throw new IllegalArgumentException(this + " has no field " + name);
        }
        return slot;
    }

    /** @return the length of the arrays {@link #flatten} returns */
    int slotCount() {
        return slots.size();
    }

    /** @return every field a row has, in file order */
    public List<Column> fields() {
        return fields;
    }

    /**
     * @param name a field name
     * @return true when the name may be used as a Hive partition level
     */
    public boolean offersPartitionField(String name) {
        return derivedFields.contains(name) || fields.stream().anyMatch(c -> c.name().equals(name));
    }

    /**
     * The row of {@link #TRADE}, of a trade from {@link TradeJsonReader} or from the contract mapper alike.
     *
     * @param t a trade
     * @return its row as {@link #TRADE} stores it
     * @throws InvalidRecordException when the price or size is not a positive number
     */
    static Object[] tradeRow(Trade t) {
        require(Double.isFinite(t.price()) && t.price() > 0, () -> "price must be a positive number, was " + t.price());
        require(Double.isFinite(t.size()) && t.size() > 0, () -> "size must be a positive number, was " + t.size());
        // A trade without a source is still kept apart from synthetic ones by the flag.
        String source = t.source() != null ? t.source() : (t.synthetic() ? Trade.SYNTHETIC_SOURCE : "unknown");
        TradingDates.Day day = NYSE_DATES.of(t.timestamp());
        // Slots in the order of fields() then partition-only fields (see slot()).
        return new Object[] {
                t.timestamp(), // timestamp
                epochNanos(t.timestamp()), // timestamp_nanos
                t.ticker(), // ticker
                t.price(), // price
                t.size(), // size
                t.exchange(), // exchange
                t.tradeId(), // trade_id
                t.conditions(), // conditions
                t.tape(), // tape
                source, // source
                t.synthetic(), // synthetic
                t.schemaVersion(), // schema_version
                day.date(), // date
                day.year() // year
        };
    }

    /**
     * The slow path of {@link #WEEK_BARS}, for what {@link WeekBarsJsonReader} leaves to the contract mapper; also the
     * reference that reader is tested against.
     *
     * @param week a week the contract mapper read
     * @return its rows as {@link #WEEK_BARS} stores them
     * @throws InvalidRecordException when a bar is not valid
     */
    static List<Object[]> weekBarRows(WeekBars week) {
        List<Object[]> rows = new ArrayList<>(week.data().size());
        String isoWeek = isoWeek(week.year(), week.week());
        LocalDate monthOf = null;
        String month = null;
        for (Bar bar : week.data()) {
            require(bar != null && bar.timestamp() != null, () -> "bar without timestamp in week " + week.year() + "-W" + week.week());
            require(bar.open() > 0 && bar.high() > 0 && bar.low() > 0 && bar.close() > 0,
                    () -> "bar at " + bar.timestamp() + " has a non-positive price");
            LocalDate date = NYSE.tradingDate(bar.timestamp());
            if (!date.equals(monthOf)) {
                // String.format per bar would cost more than the rest of the row.
                monthOf = date;
                month = month(date);
            }
            // Slots in the order of fields() then partition-only fields (see slot()).
            Object[] row = {
                    bar.timestamp(), // timestamp
                    bar.ticker() != null ? bar.ticker() : week.ticker(), // ticker
                    bar.timeframe(), // timeframe
                    bar.open(), // open
                    bar.high(), // high
                    bar.low(), // low
                    bar.close(), // close
                    bar.volume(), // volume
                    bar.tradeCount(), // trade_count
                    bar.vwap(), // vwap
                    bar.source(), // source
                    bar.priceJump(), // price_jump
                    bar.schemaVersion(), // schema_version
                    date, // date
                    date.getYear(), // year
                    month, // month
                    isoWeek // iso_week
            };
            rows.add(row);
        }
        return rows;
    }

    /** @return the {@code iso_week} partition value, e.g. {@code 2026-W07} */
    static String isoWeek(int year, int week) {
        return String.format("%04d-W%02d", year, week);
    }

    /** @return the {@code month} partition value, e.g. {@code 2026-03} */
    static String month(LocalDate date) {
        return String.format("%04d-%02d", date.getYear(), date.getMonthValue());
    }

    private static void require(boolean condition, Supplier<String> reason) {
        // The reason is built only for a rejected record: formatting a price or an Instant per valid row is measurable.
        if (!condition) {
            throw new InvalidRecordException(reason.get());
        }
    }

    private static long epochNanos(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
    }

    private static LocalDate utcDate(Instant instant) {
        return LocalDate.ofInstant(instant, ZoneOffset.UTC);
    }
}
