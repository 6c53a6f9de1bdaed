package io.marketflow.sink.messaging;

import static io.marketflow.sink.SinkTestSupport.download;
import static io.marketflow.sink.SinkTestSupport.duckdb;
import static io.marketflow.sink.SinkTestSupport.duckdbSchema;
import static io.marketflow.sink.SinkTestSupport.listAll;
import static io.marketflow.sink.SinkTestSupport.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.marketflow.contract.Bar;
import io.marketflow.contract.ContractJson;
import io.marketflow.contract.FundamentalsRecord;
import io.marketflow.contract.MacroObservation;
import io.marketflow.contract.NewsArticle;
import io.marketflow.contract.PolicyEvent;
import io.marketflow.contract.SocialPost;
import io.marketflow.contract.Topics;
import io.marketflow.contract.Trade;
import io.marketflow.contract.WeekBars;
import io.marketflow.localstack.LocalStackResource;
import io.marketflow.sink.SinkTestSupport;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Every raw topic through the running sink into S3, read back by DuckDB (an independent Parquet reader): the layout,
 * the logical types and the exact values.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
class DatasetLayoutTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String TOKEN = SinkTestSupport.runToken();
    private static KafkaProducer<byte[], byte[]> producer;
    private static S3Client s3;

    @BeforeAll
    static void clients() {
        producer = SinkTestSupport.producer();
        s3 = SinkTestSupport.s3();
    }

    @AfterAll
    static void close() {
        producer.close();
        s3.close();
    }

    @Test
    void storesTradesByNewYorkTradingDateWithRealAndSyntheticApart() {
        String ticker = "Z" + TOKEN;
        List<Trade> sent = new ArrayList<>();
        // 21:30Z is 16:30 in New York; 03:00Z the next UTC day is still 22:00 of the same New York date.
        Instant base = Instant.parse("2026-11-20T21:30:00.123456789Z");
        for (int i = 0; i < 40; i++) {
            Instant at = i < 20 ? base.plusMillis(i) : Instant.parse("2026-11-21T03:00:00Z").plusNanos(i * 1000L);
            Trade trade = i % 2 == 0
                    ? new Trade(1, ticker, at, 100 + i, 10 + i, "V", 1000L + i, List.of("@", "T"), "C", "alpaca", false)
                    : Trade.synthetic(ticker, at, 200 + i, 1 + i);
            sent.add(trade);
            send(producer, Topics.STOCK_TRADES, ticker, ContractJson.toBytes(trade));
        }
        producer.flush();

        Path dir = awaitRows("stock-data", "ticker=" + ticker + "/", sent.size());

        List<String> keys = keys("stock-data", "ticker=" + ticker + "/");
        assertThat(keys).allMatch(k -> k.matches("source=(alpaca|synthetic)/ticker=" + ticker
                + "/date=2026-11-20/stock_trades\\+\\d+\\+\\d{20}\\+\\d{20}\\.parquet"));
        assertThat(keys).anyMatch(k -> k.startsWith("source=synthetic/")).anyMatch(k -> k.startsWith("source=alpaca/"));
        Map<String, String> schema = duckdbSchema(dir);
        assertThat(schema).containsEntry("timestamp", "TIMESTAMP WITH TIME ZONE").containsEntry("price", "DOUBLE")
                .containsEntry("timestamp_nanos", "BIGINT").containsEntry("conditions", "VARCHAR[]")
                .containsEntry("synthetic", "BOOLEAN").containsEntry("kafka_offset", "BIGINT").containsEntry("kafka_partition", "INTEGER")
                .containsEntry("exchange", "VARCHAR");
        List<Map<String, Object>> rows = duckdb(dir, "SELECT ticker, source, synthetic, epoch_us(\"timestamp\") AS us, timestamp_nanos, "
                + "price, size, trade_id, CASE WHEN conditions IS NULL THEN 'NULL' WHEN len(conditions) = 0 THEN '[]' ELSE array_to_string(conditions, ',') END AS cond, CAST(date AS VARCHAR) AS d FROM t");
        Set<String> actual = new HashSet<>();
        for (Map<String, Object> r : rows) {
            assertThat(r.get("synthetic")).isEqualTo("synthetic".equals(r.get("source")));
            assertThat(r.get("d")).isEqualTo("2026-11-20");
            actual.add(r.get("ticker") + "|" + r.get("source") + "|" + r.get("timestamp_nanos") + "|" + r.get("us") + "|"
                    + r.get("price") + "|" + r.get("size") + "|" + r.get("trade_id") + "|" + r.get("cond"));
        }
        Set<String> expected = new HashSet<>();
        for (Trade t : sent) {
            long nanos = t.timestamp().getEpochSecond() * 1_000_000_000L + t.timestamp().getNano();
            expected.add(t.ticker() + "|" + t.source() + "|" + nanos + "|" + nanos / 1000 + "|" + t.price() + "|" + t.size() + "|"
                    + t.tradeId() + "|" + (t.conditions().isEmpty() ? "[]" : String.join(",", t.conditions())));
        }
        assertThat(actual).isEqualTo(expected);
        assertThat(duckdb(dir, "SELECT count(DISTINCT (kafka_partition, kafka_offset)) AS n FROM t").get(0).get("n")).isEqualTo(40L);
    }

    @Test
    void flattensHistoricalWeeksToOneRowPerBar() {
        String ticker = "Z" + TOKEN;
        Instant monday = Instant.parse("2026-11-16T14:30:00Z");
        List<Bar> bars = List.of(
                new Bar(1, ticker, monday, "1Min", 10, 11, 9, 10.5, 1000, 12L, 10.2, "alpaca", false),
                new Bar(1, ticker, monday.plusSeconds(60), "1Min", 10.5, 12, 10, 11, 2000, null, null, "alpaca", true),
                new Bar(1, ticker, monday.plusSeconds(86400), "1Min", 11, 11, 11, 11, 5, 1L, 11.0, "alpaca", false));
        send(producer, Topics.H_ALPACA, ticker, ContractJson.toBytes(new WeekBars(1, ticker, 2026, 47, bars)));
        send(producer, Topics.H_ALPACA, ticker, ContractJson.toBytes(new WeekBars(1, ticker, 2026, 48, List.of())));
        producer.flush();

        Path dir = awaitRows("historical-data", "ticker=" + ticker + "/", 3);

        assertThat(keys("historical-data", "ticker=" + ticker + "/")).allMatch(k -> k.startsWith("ticker=" + ticker + "/year=2026/h_alpaca+"));
        assertThat(duckdbSchema(dir)).containsEntry("timestamp", "TIMESTAMP WITH TIME ZONE").containsEntry("trade_count", "BIGINT")
                .containsEntry("volume", "DOUBLE").containsEntry("price_jump", "BOOLEAN");
        List<Map<String, Object>> rows = duckdb(dir, "SELECT epoch_us(\"timestamp\") AS us, close, volume, trade_count, vwap, price_jump "
                + "FROM t ORDER BY us");
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0)).containsEntry("us", monday.toEpochMilli() * 1000).containsEntry("close", 10.5)
                .containsEntry("trade_count", 12L).containsEntry("vwap", 10.2);
        assertThat(rows.get(1)).containsEntry("trade_count", null).containsEntry("vwap", null).containsEntry("price_jump", true);
        assertThat(rows.get(2)).containsEntry("volume", 5.0);
    }

    @Test
    void keepsHistoricalAndRealTimeMacroUnderSeparatePrefixes() {
        String alias = "m" + TOKEN.toLowerCase();
        send(producer, Topics.H_MACRODATA, alias, ContractJson.toBytes(new MacroObservation(1, "DGS10", alias, LocalDate.of(2025, 1, 2), 4.5, "fred",
                LocalDate.of(2025, 1, 3), LocalDate.of(2025, 2, 1))));
        send(producer, Topics.H_MACRODATA, alias, ContractJson.toBytes(new MacroObservation(1, "DGS10", alias, LocalDate.of(2026, 1, 2), null, "fred",
                LocalDate.of(2026, 1, 5), null)));
        send(producer, Topics.MACRODATA, alias, ContractJson.toBytes(new MacroObservation(1, "DGS10", alias, LocalDate.of(2026, 11, 20), 4.1, "fred",
                LocalDate.of(2026, 11, 21), null)));
        producer.flush();

        awaitRows("macro-data", "h_macrodata/alias=" + alias + "/", 2);
        Path live = awaitRows("macro-data", "macrodata/alias=" + alias + "/", 1);

        assertThat(keys("macro-data", "alias=" + alias + "/")).allMatch(k -> k.startsWith("h_macrodata/alias=" + alias + "/year=")
                || k.startsWith("macrodata/alias=" + alias + "/year=2026/"));
        assertThat(duckdbSchema(live)).containsEntry("date", "DATE").containsEntry("value", "DOUBLE")
                .containsEntry("realtime_start", "DATE").containsEntry("realtime_end", "DATE");
        Path hist = download(s3, "macro-data", "h_macrodata/alias=" + alias + "/");
        assertThat(duckdb(hist, "SELECT CAST(date AS VARCHAR) AS d, value, CAST(realtime_end AS VARCHAR) AS e FROM t ORDER BY d"))
                .extracting(r -> r.get("d") + "=" + r.get("value") + " until " + r.get("e"))
                .containsExactly("2025-01-02=4.5 until 2025-02-01", "2026-01-02=null until null");
    }

    @Test
    void storesPolicyEventsByYearUnderTheMacroBucket() {
        String type = "t" + TOKEN.toLowerCase();
        send(producer, Topics.POLICY_EVENTS, type, ContractJson.toBytes(new PolicyEvent(1, type,
                Instant.parse("2025-12-10T19:00:00Z"), "Target range lowered", 3.5, 3.75, "fred", -25)));
        producer.flush();

        // The year partition is shared with earlier runs on a kept test stack: wait for this run's event itself.
        List<Map<String, Object>> rows = new ArrayList<>();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() -> {
            if (keys("macro-data", "policy_events/year=2025/").isEmpty()) {
                return false;
            }
            rows.clear();
            rows.addAll(duckdb(download(s3, "macro-data", "policy_events/year=2025/"),
                    "SELECT change_bps, target_rate_upper FROM t WHERE event_type = '" + type + "'"));
            return !rows.isEmpty();
        });

        assertThat(rows).extracting(r -> r.get("change_bps") + "@" + r.get("target_rate_upper")).containsExactly("-25@3.75");
    }

    @Test
    void storesFundamentalsWithStatementLinesAsAMap() {
        String ticker = "Z" + TOKEN;
        send(producer, Topics.H_COMPANY, ticker, ContractJson.toBytes(new FundamentalsRecord(1, ticker, "FY", 2025,
                LocalDate.of(2025, 9, 30), LocalDate.of(2025, 10, 30), "USD", Map.of("revenue", 1.5e9, "netIncome", 2.0e8), "fmp",
                null, LocalDate.of(2025, 10, 30))));
        producer.flush();

        Path dir = awaitRows("company-fundamentals", "ticker=" + ticker + "/", 1);

        assertThat(keys("company-fundamentals", "ticker=" + ticker + "/")).allMatch(k -> k.startsWith("ticker=" + ticker + "/fiscal_year=2025/"));
        assertThat(duckdbSchema(dir)).containsEntry("metrics", "MAP(VARCHAR, DOUBLE)").containsEntry("filing_date", "DATE");
        assertThat(duckdb(dir, "SELECT metrics['revenue'] AS revenue, CAST(filing_date AS VARCHAR) AS f FROM t").get(0))
                .containsEntry("revenue", 1.5e9).containsEntry("f", "2025-10-30");
    }

    @Test
    void storesSocialPostsByUtcDateAndKeyword() {
        String keyword = "kw" + TOKEN.toLowerCase();
        Instant at = Instant.parse("2026-11-20T23:59:59Z");
        send(producer, Topics.BLUESKY, keyword, ContractJson.toBytes(new SocialPost(1, "cid1" + TOKEN, "bluesky", "a.bsky.social", "stocks up", at, keyword, "en", 3L, null,
                "AAPL", 0.5, "finance-lexicon/1")));
        send(producer, Topics.BLUESKY, keyword, ContractJson.toBytes(new SocialPost(1, "cid2" + TOKEN, "bluesky", "b.bsky.social", "stocks down", at.plusSeconds(2), keyword, null, null, null,
                null, null, null)));
        producer.flush();

        Path dir = awaitRows("bluesky-data", "keyword=" + keyword + "/", 2);

        assertThat(keys("bluesky-data", "keyword=" + keyword + "/")).extracting(k -> k.substring(0, k.lastIndexOf('/')))
                .containsOnly("date=2026-11-20/keyword=" + keyword, "date=2026-11-21/keyword=" + keyword);
        assertThat(duckdb(dir, "SELECT id, text, like_count, ticker, sentiment FROM t ORDER BY id"))
                .extracting(r -> r.get("id") + ":" + r.get("like_count") + ":" + r.get("ticker") + ":" + r.get("sentiment"))
                .containsExactly("cid1" + TOKEN + ":3:AAPL:0.5", "cid2" + TOKEN + ":null:null:null");
    }

    @Test
    void storesNewsByTickerAndUtcDate() {
        String ticker = "Z" + TOKEN;
        Instant at = Instant.parse("2026-11-20T12:00:00Z");
        send(producer, Topics.FINNHUB, ticker, ContractJson.toBytes(new NewsArticle(1, "n1" + TOKEN, ticker, List.of(ticker, "MSFT"), at,
                "Headline", "Summary", "Reuters", "https://example.com/1", "finnhub", -0.25, "finance-lexicon/1")));
        producer.flush();

        Path dir = awaitRows("finnhub-data", "ticker=" + ticker + "/", 1);

        assertThat(keys("finnhub-data", "ticker=" + ticker + "/")).allMatch(k -> k.startsWith("ticker=" + ticker + "/date=2026-11-20/finnhub+"));
        assertThat(duckdbSchema(dir)).containsEntry("published_at", "TIMESTAMP WITH TIME ZONE").containsEntry("related", "VARCHAR[]");
        assertThat(duckdb(dir, "SELECT headline, array_to_string(related, ',') AS rel FROM t").get(0))
                .containsEntry("headline", "Headline").containsEntry("rel", ticker + ",MSFT");
    }

    private static List<String> keys(String bucket, String filter) {
        return listAll(s3, bucket).stream().map(S3Object::key).filter(k -> SinkTestSupport.matches(k, filter)).toList();
    }

    private static Path awaitRows(String bucket, String keyFilter, long expected) {
        Path[] dir = new Path[1];
        await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() -> {
            if (keys(bucket, keyFilter).isEmpty()) {
                return false;
            }
            dir[0] = download(s3, bucket, keyFilter);
            return ((Number) duckdb(dir[0], "SELECT count(*) AS n FROM t").get(0).get("n")).longValue() >= expected;
        });
        assertThat(((Number) duckdb(dir[0], "SELECT count(*) AS n FROM t").get(0).get("n")).longValue()).isEqualTo(expected);
        return dir[0];
    }
}
