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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.marketflow.calendar.MarketCalendar;
import io.marketflow.contract.Bar;
import io.marketflow.contract.ContractJson;
import io.marketflow.contract.FundamentalsRecord;
import io.marketflow.contract.InvalidRecordException;
import io.marketflow.contract.MacroObservation;
import io.marketflow.contract.NewsArticle;
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
            Set.of("date", "year")) {
        @Override
        public List<Map<String, Object>> flatten(byte[] value) {
            Trade t = ContractJson.fromBytes(value, Trade.class);
            require(Double.isFinite(t.price()) && t.price() > 0, "price must be a positive number, was " + t.price());
            require(Double.isFinite(t.size()) && t.size() > 0, "size must be a positive number, was " + t.size());
            Map<String, Object> row = new HashMap<>(20);
            row.put("timestamp", t.timestamp());
            row.put("timestamp_nanos", epochNanos(t.timestamp()));
            row.put("ticker", t.ticker());
            row.put("price", t.price());
            row.put("size", t.size());
            row.put("exchange", t.exchange());
            row.put("trade_id", t.tradeId());
            row.put("conditions", t.conditions());
            row.put("tape", t.tape());
            // A trade without a source is still kept apart from synthetic ones by the flag.
            row.put("source", t.source() != null ? t.source() : (t.synthetic() ? Trade.SYNTHETIC_SOURCE : "unknown"));
            row.put("synthetic", t.synthetic());
            row.put("schema_version", t.schemaVersion());
            LocalDate date = NYSE.tradingDate(t.timestamp());
            row.put("date", date);
            row.put("year", date.getYear());
            return List.of(row);
        }
    },

    /** {@link WeekBars} flattened to one row per bar; {@code date} is the New York trading date of the bar. */
    WEEK_BARS(List.of(
            new Column("timestamp", TIMESTAMP_MICROS), new Column("ticker", STRING), new Column("timeframe", STRING),
            new Column("open", DOUBLE), new Column("high", DOUBLE), new Column("low", DOUBLE), new Column("close", DOUBLE),
            new Column("volume", DOUBLE), new Column("trade_count", INT64), new Column("vwap", DOUBLE),
            new Column("source", STRING), new Column("price_jump", BOOLEAN), new Column("schema_version", INT32)),
            Set.of("date", "year", "month", "iso_week")) {
        @Override
        public List<Map<String, Object>> flatten(byte[] value) {
            WeekBars week = ContractJson.fromBytes(value, WeekBars.class);
            List<Map<String, Object>> rows = new ArrayList<>(week.data().size());
            for (Bar bar : week.data()) {
                require(bar != null && bar.timestamp() != null, "bar without timestamp in week " + week.year() + "-W" + week.week());
                require(bar.open() > 0 && bar.high() > 0 && bar.low() > 0 && bar.close() > 0,
                        "bar at " + bar.timestamp() + " has a non-positive price");
                Map<String, Object> row = new HashMap<>(24);
                row.put("timestamp", bar.timestamp());
                row.put("ticker", bar.ticker() != null ? bar.ticker() : week.ticker());
                row.put("timeframe", bar.timeframe());
                row.put("open", bar.open());
                row.put("high", bar.high());
                row.put("low", bar.low());
                row.put("close", bar.close());
                row.put("volume", bar.volume());
                row.put("trade_count", bar.tradeCount());
                row.put("vwap", bar.vwap());
                row.put("source", bar.source());
                row.put("price_jump", bar.priceJump());
                row.put("schema_version", bar.schemaVersion());
                LocalDate date = NYSE.tradingDate(bar.timestamp());
                row.put("date", date);
                row.put("year", date.getYear());
                row.put("month", String.format("%04d-%02d", date.getYear(), date.getMonthValue()));
                row.put("iso_week", String.format("%04d-W%02d", week.year(), week.week()));
                rows.add(row);
            }
            return rows;
        }
    },

    /** {@link MacroObservation}; {@code year} is the observation date's year. */
    MACRO(List.of(
            new Column("series_id", STRING), new Column("alias", STRING), new Column("date", DATE),
            new Column("value", DOUBLE), new Column("source", STRING), new Column("schema_version", INT32)),
            Set.of("year")) {
        @Override
        public List<Map<String, Object>> flatten(byte[] value) {
            MacroObservation m = ContractJson.fromBytes(value, MacroObservation.class);
            Map<String, Object> row = new HashMap<>(12);
            row.put("series_id", m.seriesId());
            row.put("alias", m.alias());
            row.put("date", m.date());
            row.put("value", m.value());
            row.put("source", m.source());
            row.put("schema_version", m.schemaVersion());
            row.put("year", m.date().getYear());
            return List.of(row);
        }
    },

    /** {@link FundamentalsRecord}; statement lines stay a MAP column because they vary by provider. */
    FUNDAMENTALS(List.of(
            new Column("ticker", STRING), new Column("period", STRING), new Column("fiscal_year", INT32),
            new Column("report_date", DATE), new Column("filing_date", DATE), new Column("currency", STRING),
            new Column("metrics", STRING_DOUBLE_MAP), new Column("source", STRING), new Column("schema_version", INT32)),
            Set.of()) {
        @Override
        public List<Map<String, Object>> flatten(byte[] value) {
            FundamentalsRecord f = ContractJson.fromBytes(value, FundamentalsRecord.class);
            require(f.fiscalYear() > 0, "fiscal_year missing");
            Map<String, Object> row = new HashMap<>(16);
            row.put("ticker", f.ticker());
            row.put("period", f.period());
            row.put("fiscal_year", f.fiscalYear());
            row.put("report_date", f.reportDate());
            row.put("filing_date", f.filingDate());
            row.put("currency", f.currency());
            row.put("metrics", f.metrics());
            row.put("source", f.source());
            row.put("schema_version", f.schemaVersion());
            return List.of(row);
        }
    },

    /** {@link NewsArticle}; {@code date} is the UTC date of publication (news is not market data). */
    NEWS(List.of(
            new Column("id", STRING), new Column("ticker", STRING), new Column("related", STRING_LIST),
            new Column("published_at", TIMESTAMP_MICROS), new Column("headline", STRING), new Column("summary", STRING),
            new Column("publisher", STRING), new Column("url", STRING), new Column("provider", STRING),
            new Column("schema_version", INT32)),
            Set.of("date")) {
        @Override
        public List<Map<String, Object>> flatten(byte[] value) {
            NewsArticle n = ContractJson.fromBytes(value, NewsArticle.class);
            Map<String, Object> row = new HashMap<>(16);
            row.put("id", n.id());
            row.put("ticker", n.ticker());
            row.put("related", n.related());
            row.put("published_at", n.publishedAt());
            row.put("headline", n.headline());
            row.put("summary", n.summary());
            row.put("publisher", n.publisher());
            row.put("url", n.url());
            row.put("provider", n.provider());
            row.put("schema_version", n.schemaVersion());
            row.put("date", utcDate(n.publishedAt()));
            return List.of(row);
        }
    },

    /** {@link SocialPost}; {@code date} is the UTC date the post was written. */
    SOCIAL(List.of(
            new Column("id", STRING), new Column("platform", STRING), new Column("author", STRING),
            new Column("text", STRING), new Column("created_at", TIMESTAMP_MICROS), new Column("keyword", STRING),
            new Column("lang", STRING), new Column("like_count", INT64), new Column("repost_count", INT64),
            new Column("schema_version", INT32)),
            Set.of("date")) {
        @Override
        public List<Map<String, Object>> flatten(byte[] value) {
            SocialPost p = ContractJson.fromBytes(value, SocialPost.class);
            Map<String, Object> row = new HashMap<>(16);
            row.put("id", p.id());
            row.put("platform", p.platform());
            row.put("author", p.author());
            row.put("text", p.text());
            row.put("created_at", p.createdAt());
            row.put("keyword", p.keyword());
            row.put("lang", p.lang());
            row.put("like_count", p.likeCount());
            row.put("repost_count", p.repostCount());
            row.put("schema_version", p.schemaVersion());
            row.put("date", utcDate(p.createdAt()));
            return List.of(row);
        }
    };

    private static final MarketCalendar NYSE = MarketCalendar.nyse();

    private final List<Column> fields;
    private final Set<String> derivedFields;

    RecordType(List<Column> fields, Set<String> derivedFields) {
        this.fields = fields;
        this.derivedFields = derivedFields;
    }

    /**
     * @param value one Kafka record value (contract JSON)
     * @return the flat rows it stores as, field name → value (Instant, LocalDate, String, Long, Integer, Double, …)
     * @throws InvalidRecordException when the value is not a valid record of this type
     */
    public abstract List<Map<String, Object>> flatten(byte[] value);

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

    private static void require(boolean condition, String reason) {
        if (!condition) {
            throw new InvalidRecordException(reason);
        }
    }

    private static long epochNanos(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
    }

    private static LocalDate utcDate(Instant instant) {
        return LocalDate.ofInstant(instant, ZoneOffset.UTC);
    }
}
