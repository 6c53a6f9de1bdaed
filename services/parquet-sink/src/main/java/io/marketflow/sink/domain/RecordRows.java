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
import static io.marketflow.sink.domain.RowMapper.column;
import static io.marketflow.sink.domain.RowMapper.derived;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

import io.marketflow.calendar.MarketCalendar;
import io.marketflow.contract.Bar;
import io.marketflow.contract.FundamentalsRecord;
import io.marketflow.contract.MacroObservation;
import io.marketflow.contract.NewsArticle;
import io.marketflow.contract.PolicyEvent;
import io.marketflow.contract.SocialPost;
import io.marketflow.contract.Trade;
import io.marketflow.contract.WeekBars;

/**
 * The row of each {@link RecordType}: every column once, in file order, with where its value comes from in the contract
 * record, then the values offered only as Hive partition levels. Changing a dataset's file schema means changing it here
 * (and so its layout fingerprint, see {@link DatasetSpec#layoutFingerprint()}).
 */
final class RecordRows {

    /** The market data's trading calendar; here, as RecordType's constants initialise this class before its own statics. */
    static final MarketCalendar NYSE = MarketCalendar.nyse();
    /** {@link MarketCalendar#tradingDate} of {@link #NYSE}, remembered per day: trades come a day at a time. */
    private static final TradingDates NYSE_DATES = new TradingDates(NYSE.zone());

    /** {@link RecordType#TRADE}; {@code date} is the New York trading date of the execution. */
    static final RowMapper<DatedTrade> TRADE = RowMapper.of(
            column("timestamp", TIMESTAMP_MICROS, d -> d.trade().timestamp()),
            column("timestamp_nanos", INT64, d -> epochNanos(d.trade().timestamp())),
            column("ticker", STRING, d -> d.trade().ticker()),
            column("price", DOUBLE, d -> d.trade().price()),
            column("size", DOUBLE, d -> d.trade().size()),
            column("exchange", STRING, d -> d.trade().exchange()),
            column("trade_id", INT64, d -> d.trade().tradeId()),
            column("conditions", STRING_LIST, d -> d.trade().conditions()),
            column("tape", STRING, d -> d.trade().tape()),
            // A trade without a source is still kept apart from synthetic ones by the flag.
            column("source", STRING, d -> source(d.trade())),
            column("synthetic", BOOLEAN, d -> d.trade().synthetic()),
            column("schema_version", INT32, d -> d.trade().schemaVersion()),
            derived("date", d -> d.day().date()),
            derived("year", d -> d.day().year()));

    /**
     * {@link RecordType#WEEK_BARS}, one row per bar; {@code date} is the New York trading date of the bar. The fast path
     * ({@link WeekBarsJsonReader}) fills the same slots itself, found by name.
     */
    static final RowMapper<WeekBar> WEEK_BARS = RowMapper.of(
            column("timestamp", TIMESTAMP_MICROS, b -> b.bar().timestamp()),
            column("ticker", STRING, b -> b.bar().ticker() != null ? b.bar().ticker() : b.week().ticker()),
            column("timeframe", STRING, b -> b.bar().timeframe()),
            column("open", DOUBLE, b -> b.bar().open()),
            column("high", DOUBLE, b -> b.bar().high()),
            column("low", DOUBLE, b -> b.bar().low()),
            column("close", DOUBLE, b -> b.bar().close()),
            column("volume", DOUBLE, b -> b.bar().volume()),
            column("trade_count", INT64, b -> b.bar().tradeCount()),
            column("vwap", DOUBLE, b -> b.bar().vwap()),
            column("source", STRING, b -> b.bar().source()),
            column("price_jump", BOOLEAN, b -> b.bar().priceJump()),
            column("schema_version", INT32, b -> b.bar().schemaVersion()),
            derived("date", WeekBar::date),
            derived("year", b -> b.date().getYear()),
            derived("month", WeekBar::month),
            derived("iso_week", WeekBar::isoWeek));

    /** {@link RecordType#MACRO}; {@code year} is the observation date's year. */
    static final RowMapper<MacroObservation> MACRO = RowMapper.of(
            column("series_id", STRING, MacroObservation::seriesId),
            column("alias", STRING, MacroObservation::alias),
            column("date", DATE, MacroObservation::date),
            column("value", DOUBLE, MacroObservation::value),
            column("source", STRING, MacroObservation::source),
            column("schema_version", INT32, MacroObservation::schemaVersion),
            column("realtime_start", DATE, MacroObservation::realtimeStart),
            column("realtime_end", DATE, MacroObservation::realtimeEnd),
            derived("year", m -> m.date().getYear()));

    /** {@link RecordType#FUNDAMENTALS}; statement lines stay a MAP column because they vary by provider. */
    static final RowMapper<FundamentalsRecord> FUNDAMENTALS = RowMapper.of(
            column("ticker", STRING, FundamentalsRecord::ticker),
            column("period", STRING, FundamentalsRecord::period),
            column("fiscal_year", INT32, FundamentalsRecord::fiscalYear),
            column("report_date", DATE, FundamentalsRecord::reportDate),
            column("filing_date", DATE, FundamentalsRecord::filingDate),
            column("currency", STRING, FundamentalsRecord::currency),
            column("metrics", STRING_DOUBLE_MAP, FundamentalsRecord::metrics),
            column("source", STRING, FundamentalsRecord::source),
            column("schema_version", INT32, FundamentalsRecord::schemaVersion),
            column("accepted_at", TIMESTAMP_MICROS, FundamentalsRecord::acceptedAt),
            column("available_from", DATE, FundamentalsRecord::availableFrom));

    /** {@link RecordType#NEWS}; {@code date} is the UTC date of publication (news is not market data). */
    static final RowMapper<NewsArticle> NEWS = RowMapper.of(
            column("id", STRING, NewsArticle::id),
            column("ticker", STRING, NewsArticle::ticker),
            column("related", STRING_LIST, NewsArticle::related),
            column("published_at", TIMESTAMP_MICROS, NewsArticle::publishedAt),
            column("headline", STRING, NewsArticle::headline),
            column("summary", STRING, NewsArticle::summary),
            column("publisher", STRING, NewsArticle::publisher),
            column("url", STRING, NewsArticle::url),
            column("provider", STRING, NewsArticle::provider),
            column("schema_version", INT32, NewsArticle::schemaVersion),
            column("sentiment", DOUBLE, NewsArticle::sentiment),
            column("scorer", STRING, NewsArticle::scorer),
            derived("date", n -> utcDate(n.publishedAt())));

    /** {@link RecordType#SOCIAL}; {@code date} is the UTC date the post was written. */
    static final RowMapper<SocialPost> SOCIAL = RowMapper.of(
            column("id", STRING, SocialPost::id),
            column("platform", STRING, SocialPost::platform),
            column("author", STRING, SocialPost::author),
            column("text", STRING, SocialPost::text),
            column("created_at", TIMESTAMP_MICROS, SocialPost::createdAt),
            column("keyword", STRING, SocialPost::keyword),
            column("lang", STRING, SocialPost::lang),
            column("like_count", INT64, SocialPost::likeCount),
            column("repost_count", INT64, SocialPost::repostCount),
            column("schema_version", INT32, SocialPost::schemaVersion),
            column("ticker", STRING, SocialPost::ticker),
            column("sentiment", DOUBLE, SocialPost::sentiment),
            column("scorer", STRING, SocialPost::scorer),
            derived("date", p -> utcDate(p.createdAt())));

    /** {@link RecordType#POLICY}; {@code year} is the UTC year the event became public. */
    static final RowMapper<PolicyEvent> POLICY = RowMapper.of(
            column("event_type", STRING, PolicyEvent::eventType),
            column("effective_at", TIMESTAMP_MICROS, PolicyEvent::effectiveAt),
            column("title", STRING, PolicyEvent::title),
            column("target_rate_lower", DOUBLE, PolicyEvent::targetRateLower),
            column("target_rate_upper", DOUBLE, PolicyEvent::targetRateUpper),
            column("change_bps", INT32, PolicyEvent::changeBps),
            column("source", STRING, PolicyEvent::source),
            column("schema_version", INT32, PolicyEvent::schemaVersion),
            derived("year", e -> utcDate(e.effectiveAt()).getYear()));

    private RecordRows() {
    }

    /**
     * What a {@link #WEEK_BARS} row is taken from: one bar with the values its week and the calendar give it, worked out
     * once per bar (date) or per week (month, ISO week) by {@link RecordType#weekBarRows}.
     *
     * @param week the week the bar is in
     * @param bar the bar
     * @param date its New York trading date
     * @param month the {@code month} partition value of that date
     * @param isoWeek the {@code iso_week} partition value of the week
     */
    record WeekBar(WeekBars week, Bar bar, LocalDate date, String month, String isoWeek) {
    }

    /**
     * What a {@link #TRADE} row is taken from: the trade and its New York trading day, looked up once per trade in the
     * remembered day (a compare: no zone rules lookup and no new LocalDate or Integer per trade).
     *
     * @param trade the trade
     * @param day its trading day
     */
    record DatedTrade(Trade trade, TradingDates.Day day) {
    }

    /**
     * @param trade a valid trade
     * @return it with its trading day, taken before any value of its row, as it always was: of an instant beyond both
     *         LocalDate's and epoch nanoseconds' range (years past ±999,999,999), the dead-letter reason stays the
     *         date's DateTimeException, not the nanoseconds' ArithmeticException
     * @throws java.time.DateTimeException when the date is out of LocalDate's range
     */
    static DatedTrade dated(Trade trade) {
        return new DatedTrade(trade, NYSE_DATES.of(trade.timestamp()));
    }

    private static String source(Trade t) {
        return t.source() != null ? t.source() : (t.synthetic() ? Trade.SYNTHETIC_SOURCE : "unknown");
    }

    private static long epochNanos(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
    }

    private static LocalDate utcDate(Instant instant) {
        return LocalDate.ofInstant(instant, ZoneOffset.UTC);
    }
}
