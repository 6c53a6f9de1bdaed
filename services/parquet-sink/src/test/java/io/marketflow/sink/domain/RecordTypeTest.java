package io.marketflow.sink.domain;

import static io.marketflow.sink.domain.ColumnType.STRING;
import static io.marketflow.sink.domain.RowMapper.column;
import static io.marketflow.sink.domain.RowMapper.derived;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

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
 * Each record type's rows hold every column's value (and every partition-only value) at the slot its name gives, for a
 * sample of each type whose expected values are written out here, independently of {@link RecordRows}.
 */
class RecordTypeTest {

    private static final Instant TRADED = Instant.parse("2026-11-20T14:30:00.123456789Z");
    // 20:00 in New York on the 16th: the trading date is not the UTC date.
    private static final Instant EVENING_BAR = Instant.parse("2026-11-17T01:00:00Z");
    private static final Instant FRIDAY_BAR = Instant.parse("2026-11-20T14:30:00Z");

    @ParameterizedTest
    @EnumSource(RecordType.class)
    void flattensASampleToOneValuePerSlotAtTheSlotOfItsName(RecordType type) {
        Sample sample = sample(type);
        List<Object[]> rows = type.flatten(ContractJson.toBytes(sample.record()));
        assertThat(rows).hasSameSizeAs(sample.rows());
        for (int i = 0; i < rows.size(); i++) {
            assertRow(type, rows.get(i), sample.rows().get(i));
        }
    }

    @Test
    void theSlowPathsGiveTheSameRowsAsTheFastOnes() {
        Sample trade = sample(RecordType.TRADE);
        assertRow(RecordType.TRADE, RecordType.tradeRow((Trade) trade.record()), trade.rows().get(0));
        Sample week = sample(RecordType.WEEK_BARS);
        List<Object[]> rows = RecordType.weekBarRows((WeekBars) week.record());
        assertThat(rows).hasSameSizeAs(week.rows());
        for (int i = 0; i < rows.size(); i++) {
            assertRow(RecordType.WEEK_BARS, rows.get(i), week.rows().get(i));
        }
    }

    @Test
    void offersColumnsAndPartitionOnlyValuesAsPartitionLevelsButNothingElse() {
        assertThat(RecordType.WEEK_BARS.offersPartitionField("ticker")).isTrue();
        assertThat(RecordType.WEEK_BARS.offersPartitionField("iso_week")).isTrue();
        assertThat(RecordType.WEEK_BARS.fields()).extracting(Column::name).doesNotContain("date", "year", "month", "iso_week");
        assertThat(RecordType.WEEK_BARS.offersPartitionField("week")).isFalse();
        assertThatThrownBy(() -> RecordType.WEEK_BARS.slot("week")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("WEEK_BARS has no field week");
        // Columns come first, in file order: the slot of the i-th field is i.
        for (RecordType type : RecordType.values()) {
            for (int i = 0; i < type.fields().size(); i++) {
                assertThat(type.slot(type.fields().get(i).name())).as(type + " " + type.fields().get(i)).isEqualTo(i);
            }
        }
    }

    @Test
    void stillRejectsFundamentalsWithoutAFiscalYear() {
        FundamentalsRecord f = (FundamentalsRecord) sample(RecordType.FUNDAMENTALS).record();
        FundamentalsRecord noYear = new FundamentalsRecord(f.schemaVersion(), f.ticker(), f.period(), 0, f.reportDate(), f.filingDate(),
                f.currency(), f.metrics(), f.source(), f.acceptedAt(), f.availableFrom());
        assertThatThrownBy(() -> RecordType.FUNDAMENTALS.flatten(ContractJson.toBytes(noYear)))
                .isInstanceOf(InvalidRecordException.class).hasMessage("fiscal_year missing");
    }

    @Test
    void aMapperDeclaringANameTwiceFailsWhenBuilt() {
        assertThatThrownBy(() -> RowMapper.<String>of(column("a", STRING, s -> s), column("b", STRING, s -> s),
                derived("a", String::length)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'a' is declared twice");
        assertThatThrownBy(() -> RowMapper.<String>of(column("a", STRING, s -> s), column("a", STRING, s -> s)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'a' is declared twice");
    }

    @Test
    void aMapperDeclaringAColumnAfterAPartitionOnlySlotFailsWhenBuilt() {
        assertThatThrownBy(() -> RowMapper.<String>of(derived("a", s -> s), column("b", STRING, s -> s)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'b' is declared after");
    }

    /** The row has one value per slot, every slot is named in the expectation, and each holds the expected value. */
    private static void assertRow(RecordType type, Object[] row, Map<String, Object> expected) {
        assertThat(row).as(type + " row length").hasSize(type.slotCount());
        Set<Integer> slots = new HashSet<>();
        for (Map.Entry<String, Object> value : expected.entrySet()) {
            slots.add(type.slot(value.getKey()));
            assertThat(row[type.slot(value.getKey())]).as(type + " " + value.getKey()).isEqualTo(value.getValue());
        }
        assertThat(slots).as(type + ": the expectation names every slot").hasSize(type.slotCount());
        for (Column c : type.fields()) {
            assertThat(expected).as(type + " column " + c.name()).containsKey(c.name());
        }
    }

    private static Sample sample(RecordType type) {
        return switch (type) {
            case TRADE -> {
                Trade t = new Trade(1, "AAPL", TRADED, 187.45, 100, "V", 52983525029461L, List.of("@", "I"), "C", "alpaca", false);
                yield new Sample(t, List.of(values("timestamp", TRADED, "timestamp_nanos", 1_795_185_000_123_456_789L, "ticker", "AAPL",
                        "price", 187.45, "size", 100.0, "exchange", "V", "trade_id", 52983525029461L, "conditions", List.of("@", "I"),
                        "tape", "C", "source", "alpaca", "synthetic", false, "schema_version", 1,
                        "date", LocalDate.of(2026, 11, 20), "year", 2026)));
            }
            case WEEK_BARS -> {
                Bar evening = new Bar(1, "AAPL", EVENING_BAR, "1Min", 10.5, 11.0, 10.0, 10.75, 1200, 31L, 10.6, "alpaca", true);
                Bar friday = new Bar(1, "AAPL", FRIDAY_BAR, "1Min", 12.0, 12.5, 11.5, 12.25, 900, null, null, null, false);
                WeekBars week = new WeekBars(1, "AAPL", 2026, 47, List.of(evening, friday));
                yield new Sample(week, List.of(
                        values("timestamp", EVENING_BAR, "ticker", "AAPL", "timeframe", "1Min", "open", 10.5, "high", 11.0, "low", 10.0,
                                "close", 10.75, "volume", 1200.0, "trade_count", 31L, "vwap", 10.6, "source", "alpaca", "price_jump", true,
                                "schema_version", 1, "date", LocalDate.of(2026, 11, 16), "year", 2026, "month", "2026-11",
                                "iso_week", "2026-W47"),
                        values("timestamp", FRIDAY_BAR, "ticker", "AAPL", "timeframe", "1Min", "open", 12.0, "high", 12.5, "low", 11.5,
                                "close", 12.25, "volume", 900.0, "trade_count", null, "vwap", null, "source", null, "price_jump", false,
                                "schema_version", 1, "date", LocalDate.of(2026, 11, 20), "year", 2026, "month", "2026-11",
                                "iso_week", "2026-W47")));
            }
            case MACRO -> {
                MacroObservation m = new MacroObservation(1, "DGS10", "us10y", LocalDate.of(2025, 12, 31), 4.17, "fred",
                        LocalDate.of(2026, 1, 2), LocalDate.of(2026, 3, 1));
                yield new Sample(m, List.of(values("series_id", "DGS10", "alias", "us10y", "date", LocalDate.of(2025, 12, 31),
                        "value", 4.17, "source", "fred", "schema_version", 1, "realtime_start", LocalDate.of(2026, 1, 2),
                        "realtime_end", LocalDate.of(2026, 3, 1), "year", 2025)));
            }
            case FUNDAMENTALS -> {
                Instant accepted = Instant.parse("2026-01-30T21:05:00Z");
                FundamentalsRecord f = new FundamentalsRecord(1, "MSFT", "Q2", 2026, LocalDate.of(2025, 12, 31), LocalDate.of(2026, 1, 30),
                        "USD", Map.of("eps", 3.1), "fmp", accepted, LocalDate.of(2026, 2, 2));
                yield new Sample(f, List.of(values("ticker", "MSFT", "period", "Q2", "fiscal_year", 2026,
                        "report_date", LocalDate.of(2025, 12, 31), "filing_date", LocalDate.of(2026, 1, 30), "currency", "USD",
                        "metrics", Map.of("eps", 3.1), "source", "fmp",
                        "schema_version", 1, "accepted_at", accepted, "available_from", LocalDate.of(2026, 2, 2))));
            }
            case NEWS -> {
                // 23:30 UTC: the partition date is the UTC date, not New York's.
                Instant published = Instant.parse("2026-11-20T23:30:00Z");
                NewsArticle n = new NewsArticle(1, "n-1", "AAPL", List.of("MSFT"), published, "Headline", "Summary", "Reuters",
                        "https://example.com/n-1", "finnhub", 0.25, "vader");
                yield new Sample(n, List.of(values("id", "n-1", "ticker", "AAPL", "related", List.of("MSFT"), "published_at", published,
                        "headline", "Headline", "summary", "Summary", "publisher", "Reuters", "url", "https://example.com/n-1",
                        "provider", "finnhub", "schema_version", 1, "sentiment", 0.25, "scorer", "vader",
                        "date", LocalDate.of(2026, 11, 20))));
            }
            case SOCIAL -> {
                Instant created = Instant.parse("2026-11-21T00:15:00Z");
                SocialPost p = new SocialPost(1, "p-1", "bluesky", "someone", "AAPL up", created, "aapl", "en", 7L, 2L, "AAPL", -0.5,
                        "vader");
                yield new Sample(p, List.of(values("id", "p-1", "platform", "bluesky", "author", "someone", "text", "AAPL up",
                        "created_at", created, "keyword", "aapl", "lang", "en", "like_count", 7L, "repost_count", 2L,
                        "schema_version", 1, "ticker", "AAPL", "sentiment", -0.5, "scorer", "vader", "date", LocalDate.of(2026, 11, 21))));
            }
            case POLICY -> {
                // New Year's Eve in New York, already next year in UTC: the partition year is UTC's.
                Instant effective = Instant.parse("2027-01-01T02:00:00Z");
                PolicyEvent e = new PolicyEvent(1, PolicyEvent.RATE_DECISION, effective, "FOMC", 3.5, 3.75, "fed", -25);
                yield new Sample(e, List.of(values("event_type", "rate_decision", "effective_at", effective, "title", "FOMC",
                        "target_rate_lower", 3.5, "target_rate_upper", 3.75, "change_bps", -25, "source", "fed",
                        "schema_version", 1, "year", 2027)));
            }
        };
    }

    /** @return name → value pairs in order; values may be null */
    private static Map<String, Object> values(Object... pairs) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            assertThat(values).as("expected twice").doesNotContainKey((String) pairs[i]);
            values.put((String) pairs[i], pairs[i + 1]);
        }
        return values;
    }

    /**
     * @param record a valid record of the type
     * @param rows the values each of its rows must hold, by slot name
     */
    private record Sample(Object record, List<Map<String, Object>> rows) {
    }
}
