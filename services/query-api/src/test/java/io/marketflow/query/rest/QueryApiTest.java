package io.marketflow.query.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.marketflow.localstack.LocalStackResource;
import io.marketflow.query.lake.DatasetStats;
import io.marketflow.query.lake.LakeStats;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/**
 * Every endpoint against sink-shaped files in the test stack's S3 (see {@link LakeFixture} for how they are written)
 * and aggregated_data in its PostgreSQL: the right rows, pruning, pages, exports read back by DuckDB, bad parameters.
 */
@QuarkusTest
@TestProfile(LakeTestProfile.class)
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
class QueryApiTest {

    private static final String TOK = LakeFixture.token();
    /** The ticker every test asks for. */
    private static final String T = "Q" + TOK;
    /** A ticker no test asks for: its objects must never be fetched. */
    private static final String U = "R" + TOK;
    private static final String KEYWORD = "kw" + TOK.toLowerCase();
    private static final String ALIAS = "G" + TOK;
    private static LakeFixture lake;

    @Inject
    LakeStats stats;

    @BeforeAll
    static void writeLake() throws IOException {
        lake = new LakeFixture();
        // Bars: two Kafka partitions in March 2025, a 2024 file (outside every range asked), another ticker, and a
        // compaction caught mid-way (two sources still beside the merged file covering them).
        lake.put("historical-data", "ticker=" + T + "/year=2025/" + LakeFixture.name("h_alpaca", 0, 0, 99), bars("2025-03-03 14:30:00", 100, 0, 0));
        lake.put("historical-data", "ticker=" + T + "/year=2025/" + LakeFixture.name("h_alpaca", 1, 0, 49), bars("2025-03-04 14:30:00", 50, 1, 0));
        lake.put("historical-data", "ticker=" + T + "/year=2025/" + LakeFixture.name("h_alpaca", 2, 0, 9), bars("2025-03-05 14:30:00", 10, 2, 0));
        lake.put("historical-data", "ticker=" + T + "/year=2025/" + LakeFixture.name("h_alpaca", 2, 10, 19), bars("2025-03-05 14:30:00", 10, 20, 2, 0));
        lake.put("historical-data", "ticker=" + T + "/year=2025/" + LakeFixture.name("h_alpaca", 2, 0, 19), bars("2025-03-05 14:30:00", 20, 2, 0));
        lake.put("historical-data", "ticker=" + T + "/year=2024/" + LakeFixture.name("h_alpaca", 0, 500, 509), bars("2024-12-31 14:30:00", 10, 0, 500));
        lake.put("historical-data", "ticker=" + U + "/year=2025/" + LakeFixture.name("h_alpaca", 0, 600, 609), bars("2025-03-03 14:30:00", 10, 0, 600));

        lake.put("stock-data", "source=alpaca/ticker=" + T + "/date=2025-03-03/" + LakeFixture.name("stock_trades", 0, 0, 9), trades(10, "alpaca", false, 0));
        lake.put("stock-data", "source=synthetic/ticker=" + T + "/date=2025-03-03/" + LakeFixture.name("stock_trades", 1, 0, 4), trades(5, "synthetic", true, 1));

        lake.put("finnhub-data", "ticker=" + T + "/date=2025-03-03/" + LakeFixture.name("finnhub", 0, 0, 3), news("finnhub", new double[] {-0.8, -0.1, 0.3, 0.9}));
        lake.put("news-data", "newsapi/ticker=" + T + "/date=2025-03-03/" + LakeFixture.name("newsapi", 0, 0, 1), news("newsapi", new double[] {0.5, -0.5}));

        lake.put("bluesky-data", "date=2025-03-03/keyword=" + KEYWORD + "/" + LakeFixture.name("bluesky", 0, 0, 2),
                "SELECT 'b' || i AS id, 'bluesky' AS platform, 'a' AS author, 'post ' || i AS text, TIMESTAMPTZ '2025-03-03 15:00:00+00' + CAST(i AS INTEGER) * INTERVAL 1 minute AS created_at, "
                        + "'en' AS lang, CAST(i AS BIGINT) AS like_count, CAST(0 AS BIGINT) AS repost_count, CAST(1 AS INTEGER) AS schema_version, "
                        + "CASE WHEN i < 2 THEN '" + T + "' END AS ticker, CAST(i AS DOUBLE) / 4 AS sentiment, 'vader' AS scorer, "
                        + "CAST(0 AS INTEGER) AS kafka_partition, CAST(i AS BIGINT) AS kafka_offset FROM range(3) t(i)");
        lake.put("x-data", "date=2025-03-03/keyword=" + KEYWORD + "/" + LakeFixture.name("x_posts", 0, 0, 0),
                "SELECT 'x0' AS id, 'x' AS platform, 'a' AS author, 'x post' AS text, TIMESTAMPTZ '2025-03-03 16:00:00+00' AS created_at, "
                        + "'en' AS lang, CAST(1 AS BIGINT) AS like_count, CAST(0 AS BIGINT) AS repost_count, CAST(1 AS INTEGER) AS schema_version, "
                        + "'" + T + "' AS ticker, CAST(-0.6 AS DOUBLE) AS sentiment, 'vader' AS scorer, CAST(0 AS INTEGER) AS kafka_partition, CAST(0 AS BIGINT) AS kafka_offset");

        // GDP of 2024-10-01: first estimate known from 30 Oct, revised on 27 Nov; the next quarter known from 30 Jan.
        lake.put("macro-data", "h_macrodata/alias=" + ALIAS + "/year=2024/" + LakeFixture.name("h_macrodata", 0, 0, 1),
                "SELECT 'GDPC1' AS series_id, DATE '2024-10-01' AS date, CAST(v AS DOUBLE) AS value, 'fred' AS source, CAST(1 AS INTEGER) AS schema_version, "
                        + "CAST(rs AS DATE) AS realtime_start, CAST(re AS DATE) AS realtime_end, CAST(0 AS INTEGER) AS kafka_partition, CAST(o AS BIGINT) AS kafka_offset "
                        + "FROM (VALUES (1.0, '2024-10-30', '2024-11-26', 0), (1.5, '2024-11-27', NULL, 1)) t(v, rs, re, o)");
        lake.put("macro-data", "macrodata/alias=" + ALIAS + "/year=2025/" + LakeFixture.name("macrodata", 0, 0, 0),
                "SELECT 'GDPC1' AS series_id, DATE '2025-01-01' AS date, CAST(2.0 AS DOUBLE) AS value, 'fred' AS source, CAST(1 AS INTEGER) AS schema_version, "
                        + "DATE '2025-01-30' AS realtime_start, CAST(NULL AS DATE) AS realtime_end, CAST(0 AS INTEGER) AS kafka_partition, CAST(0 AS BIGINT) AS kafka_offset");

        lake.put("macro-data", "policy_events/year=2025/" + LakeFixture.name("policy_events", 0, 0, 1),
                "SELECT 'fomc_decision' AS event_type, CAST(e AS TIMESTAMPTZ) AS effective_at, '" + TOK + " ' || e AS title, CAST(4.25 AS DOUBLE) AS target_rate_lower, "
                        + "CAST(4.5 AS DOUBLE) AS target_rate_upper, CAST(0 AS INTEGER) AS change_bps, 'fed' AS source, CAST(1 AS INTEGER) AS schema_version, "
                        + "CAST(0 AS INTEGER) AS kafka_partition, CAST(o AS BIGINT) AS kafka_offset FROM (VALUES ('2025-01-29 19:00:00+00', 0), ('2025-03-19 18:00:00+00', 1)) t(e, o)");

        // FY2024 annual statement, filed 1 Feb 2025, restated 1 Jun 2025.
        lake.put("company-fundamentals", "ticker=" + T + "/fiscal_year=2024/" + LakeFixture.name("h_company", 0, 0, 1),
                "SELECT 'FY' AS period, DATE '2024-12-31' AS report_date, CAST(f AS DATE) AS filing_date, 'USD' AS currency, "
                        + "CAST(MAP {'eps': e} AS MAP(VARCHAR, DOUBLE)) AS metrics, 'fmp' AS source, CAST(1 AS INTEGER) AS schema_version, "
                        + "CAST(f || ' 21:00:00+00' AS TIMESTAMPTZ) AS accepted_at, CAST(f AS DATE) AS available_from, CAST(0 AS INTEGER) AS kafka_partition, CAST(o AS BIGINT) AS kafka_offset "
                        + "FROM (VALUES ('2025-02-01', 1.0, 0), ('2025-06-01', 1.1, 1)) t(f, e, o)");

        String v5 = Files.readString(Path.of("..", "registry", "src", "main", "resources", "db", "migration", "V5__aggregated_data.sql"));
        LakeFixture.postgres(v5, "INSERT INTO aggregated_data (ticker, \"timestamp\", price_mean_1min, rsi_14, day_of_week) "
                + "SELECT '" + T + "', TIMESTAMPTZ '2025-03-03 14:30:00+00' + i * INTERVAL '1 minute', 100 + i, 50, 1 FROM generate_series(0, 4) i");
    }

    @AfterAll
    static void close() {
        lake.close();
    }

    @Test
    void barsPageThroughEveryRowOnceAndReadOnlyTheTickersObjectsInRange() throws IOException {
        List<Map<String, Object>> rows = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            var request = given().queryParam("from", "2025-03-01").queryParam("to", "2025-03-10").queryParam("limit", 60);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonPath page = request.get("/api/bars/{t}", T).then().statusCode(200).extract().jsonPath();
            rows.addAll(page.getList("rows"));
            cursor = page.getString("next");
            pages++;
        } while (cursor != null);

        assertThat(pages).isEqualTo(3);
        // 100 + 50 + 20: the compaction's two sources are not read beside their merged file.
        assertThat(rows).hasSize(170);
        Set<String> coordinates = new HashSet<>();
        rows.forEach(r -> coordinates.add(r.get("kafka_partition") + ":" + r.get("kafka_offset")));
        assertThat(coordinates).hasSize(170);
        List<String> times = rows.stream().map(r -> (String) r.get("timestamp")).toList();
        assertThat(times).isSorted().startsWith("2025-03-03T14:30:00Z").contains("2025-03-05T14:49:00Z");
        Map<String, Object> first = rows.get(0);
        assertThat(first).containsEntry("ticker", T).containsEntry("year", 2025).containsEntry("open", 100.0f).containsEntry("trade_count", 0)
                .containsEntry("timeframe", "1Min").containsEntry("price_jump", false);

        // Pruning: what the cache fetched is exactly the ticker's 2025 objects.
        Set<String> fetched = new HashSet<>();
        try (Stream<Path> files = Files.walk(LakeTestProfile.CACHE.resolve("objects"))) {
            files.filter(Files::isRegularFile).map(p -> LakeTestProfile.CACHE.resolve("objects").relativize(p).toString())
                    // The cache is the JVM's, shared with other test classes: only this test's two tickers count.
                    .filter(p -> p.startsWith("historical-data/ticker=" + T + "/") || p.startsWith("historical-data/ticker=" + U + "/"))
                    .forEach(fetched::add);
        }
        assertThat(fetched).isNotEmpty().allMatch(p -> p.startsWith("historical-data/ticker=" + T + "/year=2025/"))
                .noneMatch(p -> p.contains(U)).noneMatch(p -> p.contains("year=2024"));
    }

    @Test
    void csvJsonLinesAndParquetExportsEqualTheQuery() {
        Map<String, String> range = Map.of("from", "2025-03-01", "to", "2025-03-10");
        Response csv = given().queryParams(range).queryParam("format", "csv").get("/api/bars/{t}", T);
        csv.then().statusCode(200).contentType(containsString("text/csv")).header("Content-Disposition", containsString("bars-" + T + ".csv"));
        Path csvFile = lake.save(csv.asByteArray(), "csv");
        Response parquet = given().queryParams(range).queryParam("format", "parquet").get("/api/bars/{t}", T);
        parquet.then().statusCode(200);
        Path parquetFile = lake.save(parquet.asByteArray(), "parquet");
        String jsonl = given().queryParams(range).queryParam("format", "jsonl").get("/api/bars/{t}", T).then().statusCode(200).extract().asString();
        assertThat(jsonl.split("\n")).hasSize(170);

        // The independent reader: DuckDB over the uploaded files themselves (DISTINCT: the compaction's sources repeat rows).
        String expected = "SELECT DISTINCT * FROM read_parquet('" + lake.mirrorGlob("historical-data/ticker=" + T + "/year=2025")
                + "', hive_partitioning = true, hive_types = {'year': INTEGER})";
        assertThat(lake.query("SELECT count(*) AS n FROM (" + expected + ")").get(0).get("n")).isEqualTo(170L);

        Map<String, String> types = new java.util.HashMap<>();
        lake.query("DESCRIBE SELECT * FROM '" + parquetFile + "'").forEach(r -> types.put((String) r.get("column_name"), (String) r.get("column_type")));
        assertThat(types).containsEntry("timestamp", "TIMESTAMP WITH TIME ZONE").containsEntry("open", "DOUBLE").containsEntry("trade_count", "BIGINT")
                .containsEntry("price_jump", "BOOLEAN").containsEntry("kafka_partition", "INTEGER").containsEntry("kafka_offset", "BIGINT")
                .containsEntry("ticker", "VARCHAR").containsEntry("year", "INTEGER").containsEntry("schema_version", "INTEGER");
        // EXCEPT compares by position: both sides name the API's column order.
        String columns = "\"timestamp\", ticker, timeframe, open, high, low, \"close\", volume, trade_count, vwap, source, price_jump, "
                + "schema_version, \"year\", kafka_partition, kafka_offset";
        expected = "SELECT " + columns + " FROM (" + expected + ")";
        String exported = "SELECT " + columns + " FROM '" + parquetFile + "'";
        assertThat(lake.query("SELECT count(*) AS n FROM (" + exported + ")").get(0).get("n")).isEqualTo(170L);
        assertThat(lake.query("SELECT count(*) AS n FROM ((" + exported + ") EXCEPT (" + expected + "))").get(0).get("n")).isEqualTo(0L);
        assertThat(lake.query("SELECT count(*) AS n FROM ((" + expected + ") EXCEPT (" + exported + "))").get(0).get("n")).isEqualTo(0L);

        // CSV: the same rows, every value as text the reader parses back to the same numbers and instants.
        String fromCsv = "SELECT \"timestamp\"::TIMESTAMPTZ AS ts, open, volume, kafka_partition, kafka_offset FROM read_csv('" + csvFile + "', header = true)";
        String fromExpected = "SELECT \"timestamp\" AS ts, open, volume, kafka_partition, kafka_offset FROM (" + expected + ")";
        assertThat(lake.query("SELECT count(*) AS n FROM (" + fromCsv + ")").get(0).get("n")).isEqualTo(170L);
        assertThat(lake.query("SELECT count(*) AS n FROM ((" + fromCsv + ") EXCEPT (" + fromExpected + "))").get(0).get("n")).isEqualTo(0L);
    }

    @Test
    void tradesKeepSourcesApart() {
        JsonPath all = given().queryParam("from", "2025-03-03").queryParam("to", "2025-03-04").get("/api/trades/{t}", T)
                .then().statusCode(200).extract().jsonPath();
        assertThat(all.getList("rows")).hasSize(15);
        JsonPath synthetic = given().queryParam("from", "2025-03-03").queryParam("to", "2025-03-04").queryParam("source", "synthetic")
                .get("/api/trades/{t}", T).then().statusCode(200).extract().jsonPath();
        assertThat(synthetic.getList("rows.synthetic", Boolean.class)).hasSize(5).containsOnly(true);
        assertThat(synthetic.getList("rows.source", String.class)).containsOnly("synthetic");
        assertThat(all.getList("rows.conditions[0]", String.class)).contains("@", "T");
        assertThat(all.getList("rows.date", String.class)).containsOnly("2025-03-03");
    }

    @Test
    void newsOfBothProvidersBySentiment() {
        JsonPath page = given().queryParam("from", "2025-03-03").queryParam("to", "2025-03-04").queryParam("minSentiment", "0")
                .get("/api/news/{t}", T).then().statusCode(200).extract().jsonPath();
        assertThat(page.getList("rows.sentiment", Double.class)).containsExactlyInAnyOrder(0.3, 0.9, 0.5);
        assertThat(page.getList("rows.kafka_topic", String.class)).containsExactlyInAnyOrder("finnhub", "finnhub", "newsapi");
        JsonPath negative = given().queryParam("from", "2025-03-03").queryParam("to", "2025-03-04").queryParam("minSentiment", "-1")
                .queryParam("maxSentiment", "-0.2").get("/api/news/{t}", T).then().statusCode(200).extract().jsonPath();
        assertThat(negative.getList("rows.sentiment", Double.class)).containsExactlyInAnyOrder(-0.8, -0.5);
    }

    @Test
    void postsByKeywordOrTicker() {
        JsonPath byKeyword = given().queryParam("keyword", KEYWORD).queryParam("from", "2025-03-03").queryParam("to", "2025-03-04")
                .get("/api/posts").then().statusCode(200).extract().jsonPath();
        assertThat(byKeyword.getList("rows.id", String.class)).containsExactly("b0", "b1", "b2", "x0");
        JsonPath byTicker = given().queryParam("ticker", T).queryParam("from", "2025-03-03").queryParam("to", "2025-03-04")
                .queryParam("maxSentiment", "0.1").get("/api/posts").then().statusCode(200).extract().jsonPath();
        // b0 (0.0) and x0 (-0.6) have the ticker and sentiment <= 0.1; b1 has 0.25, b2 has no ticker.
        assertThat(byTicker.getList("rows.id", String.class)).containsExactly("b0", "x0");
    }

    @Test
    void macroSeriesAsKnownOnADate() {
        assertThat(macro("2024-10-29")).isEmpty();
        assertThat(macro("2024-11-01")).containsExactly("2024-10-01=1.0");
        assertThat(macro("2024-12-01")).containsExactly("2024-10-01=1.5");
        assertThat(macro("2025-02-01")).containsExactly("2024-10-01=1.5", "2025-01-01=2.0");
    }

    @Test
    void policyEventsInRange() {
        JsonPath page = given().queryParam("from", "2025-03-01").queryParam("to", "2025-04-01").get("/api/policy")
                .then().statusCode(200).extract().jsonPath();
        List<String> titles = page.getList("rows.title", String.class).stream().filter(t -> t.startsWith(TOK)).toList();
        assertThat(titles).hasSize(1).allMatch(t -> t.contains("2025-03-19"));
    }

    @Test
    void fundamentalsAsAvailableOnADate() {
        given().queryParam("asOf", "2025-01-15").get("/api/fundamentals/{t}", T).then().statusCode(200).body("count", equalTo(0));
        given().queryParam("asOf", "2025-03-01").get("/api/fundamentals/{t}", T).then().statusCode(200)
                .body("count", equalTo(1)).body("rows[0].metrics.eps", equalTo(1.0f)).body("rows[0].fiscal_year", equalTo(2024));
        given().queryParam("asOf", "2025-07-01").get("/api/fundamentals/{t}", T).then().statusCode(200)
                .body("count", equalTo(1)).body("rows[0].metrics.eps", equalTo(1.1f)).body("rows[0].available_from", equalTo("2025-06-01"));
    }

    @Test
    void featuresFromAggregatedDataPagedAndExported() {
        List<Object> all = new ArrayList<>();
        String cursor = null;
        do {
            var request = given().queryParam("from", "2025-03-03").queryParam("to", "2025-03-04").queryParam("limit", 2);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonPath page = request.get("/api/features/{t}", T).then().statusCode(200).extract().jsonPath();
            all.addAll(page.getList("rows.price_mean_1min"));
            cursor = page.getString("next");
        } while (cursor != null);
        assertThat(all).containsExactly(100.0f, 101.0f, 102.0f, 103.0f, 104.0f);
        String csv = given().queryParam("from", "2025-03-03").queryParam("to", "2025-03-04").queryParam("format", "csv")
                .get("/api/features/{t}", T).then().statusCode(200).extract().asString();
        String[] lines = csv.split("\r\n");
        assertThat(lines).hasSize(6);
        assertThat(lines[0]).startsWith("ticker,timestamp,price_mean_1min,");
        assertThat(lines[1]).startsWith(T + ",2025-03-03T14:30:00Z,100.0,");

        byte[] parquet = given().queryParam("from", "2025-03-03").queryParam("to", "2025-03-04").queryParam("format", "parquet")
                .get("/api/features/{t}", T).then().statusCode(200).extract().asByteArray();
        Path file = lake.save(parquet, "parquet");
        Map<String, String> types = new java.util.HashMap<>();
        lake.query("DESCRIBE SELECT * FROM '" + file + "'").forEach(r -> types.put((String) r.get("column_name"), (String) r.get("column_type")));
        assertThat(types).hasSize(45).containsEntry("timestamp", "TIMESTAMP WITH TIME ZONE").containsEntry("price_mean_1min", "DOUBLE")
                .containsEntry("day_of_week", "INTEGER").containsEntry("ticker", "VARCHAR");
        List<Map<String, Object>> rows = lake.query("SELECT epoch(\"timestamp\") AS s, price_mean_1min AS p, rsi_14 AS r, sma_20 AS sma FROM '" + file + "' ORDER BY 1");
        assertThat(rows).hasSize(5);
        assertThat(rows.get(0)).containsEntry("s", 1741012200.0).containsEntry("p", 100.0).containsEntry("r", 50.0).containsEntry("sma", null);
    }

    @Test
    void badParametersAre400WithAMessage() {
        String[] bad = {
                "/api/bars/aapl?from=2025-03-01&to=2025-03-02",
                "/api/bars/" + T + "?from=2025-03-02&to=2025-03-01",
                "/api/bars/" + T + "?from=yesterday&to=2025-03-01",
                "/api/bars/" + T + "?to=2025-03-01",
                "/api/bars/" + T + "?from=1990-01-01&to=2025-03-01",
                "/api/bars/" + T + "?from=2025-03-01&to=2025-03-02&limit=0",
                "/api/bars/" + T + "?from=2025-03-01&to=2025-03-02&limit=abc",
                "/api/bars/" + T + "?from=2025-03-01&to=2025-03-02&limit=99999999",
                "/api/bars/" + T + "?from=2025-03-01&to=2025-03-02&format=xml",
                "/api/bars/" + T + "?from=2025-03-01&to=2025-03-02&cursor=not-a-cursor",
                "/api/bars/" + T + "?from=2025-03-01&to=2025-03-02&cursor=djEfeB9ZH3o",
                "/api/trades/" + T + "?from=2025-03-01&to=2025-03-02&source=Robert');DROP",
                "/api/news/" + T + "?from=2025-03-01&to=2025-03-02&minSentiment=high",
                "/api/news/" + T + "?from=2025-03-01&to=2025-03-02&minSentiment=0.5&maxSentiment=0.1",
                "/api/posts?from=2025-03-01&to=2025-03-02",
                "/api/posts?keyword=a%22b%3B&from=2025-03-01&to=2025-03-02",
                "/api/macro/GDP%27%20OR%201=1?asOf=2025-01-01",
                "/api/macro/GDP?asOf=01/02/2025",
                "/api/fundamentals/TOOLONGTICKER",
                "/api/features/" + T + "?from=2025-03-01&to=2025-03-02&format=csv&cursor=abc",
        };
        for (String url : bad) {
            given().urlEncodingEnabled(false).get(url).then().statusCode(400).contentType(containsString("application/json"))
                    .body("error", equalTo("bad_request")).body("message", notNullValue());
        }
    }

    @Test
    void everyEndpointIsInTheOpenApiDocumentAndNoneWrites() {
        JsonPath doc = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract().jsonPath();
        Map<String, Map<String, Object>> paths = doc.getMap("paths");
        assertThat(paths).containsKeys("/api/bars/{ticker}", "/api/trades/{ticker}", "/api/features/{ticker}", "/api/news/{ticker}",
                "/api/posts", "/api/macro/{alias}", "/api/policy", "/api/fundamentals/{ticker}");
        paths.values().forEach(ops -> assertThat(ops.keySet()).doesNotContain("post", "put", "delete", "patch", "head", "options", "trace"));
        given().post("/api/bars/" + T).then().statusCode(405);
    }

    @Test
    void readinessChecksTheLakeAndTheDatabase() {
        JsonPath health = given().get("/q/health/ready").then().extract().jsonPath();
        assertThat(health.getList("checks.findAll { it.name == 'query-api lake' }.status", String.class)).containsExactly("UP");
        assertThat(health.getList("checks.findAll { it.name == 'query-api database' }.status", String.class)).containsExactly("UP");
    }

    @Test
    void statsReadFootersOfTheS3ObjectsWithoutFetchingThem() throws IOException {
        // The test stack's bucket is shared with other runs, so only lower bounds are exact here (LocalLakeTest is exact).
        DatasetStats bars = stats.of("h_alpaca");
        assertThat(bars.objects()).isGreaterThanOrEqualTo(5);
        assertThat(bars.rows()).isGreaterThanOrEqualTo(190);
        assertThat(bars.firstEvent()).hasValueSatisfying(t -> assertThat(t).isBeforeOrEqualTo(java.time.Instant.parse("2024-12-31T14:30:00Z")));
        assertThat(bars.lastEvent()).hasValueSatisfying(t -> assertThat(t).isAfterOrEqualTo(java.time.Instant.parse("2025-03-05T14:49:00Z")));
        // The other ticker's object was never fetched for a query, but its footer copy has the object's size (sparse).
        Path footers = LakeTestProfile.CACHE.resolve("footers").resolve("historical-data").resolve("ticker=" + U);
        try (Stream<Path> files = Files.walk(footers)) {
            assertThat(files.filter(Files::isRegularFile).toList()).singleElement()
                    .satisfies(f -> assertThat(f.toString()).endsWith(LakeFixture.name("h_alpaca", 0, 600, 609)));
        }
    }

    private static List<String> macro(String asOf) {
        JsonPath page = given().queryParam("asOf", asOf).get("/api/macro/{a}", ALIAS).then().statusCode(200).extract().jsonPath();
        List<String> values = new ArrayList<>();
        List<Map<String, Object>> rows = page.getList("rows");
        rows.forEach(r -> values.add(r.get("date") + "=" + r.get("value")));
        return values;
    }

    /** Rows of the sink's h_alpaca files: the WEEK_BARS fields without ticker and year (Hive levels), then the coordinates. */
    private static String bars(String start, int n, int partition, long firstOffset) {
        return bars(start, 0, n, partition, firstOffset);
    }

    /** Rows {@code from..to-1} of a series; offset = firstOffset + row index, as a merged file and its sources share them. */
    private static String bars(String start, int from, int to, int partition, long firstOffset) {
        return "SELECT TIMESTAMPTZ '" + start + "+00' + CAST(i AS INTEGER) * INTERVAL 1 minute AS \"timestamp\", '1Min' AS timeframe, "
                + "CAST(100 + i AS DOUBLE) AS open, CAST(101 + i AS DOUBLE) AS high, CAST(99 + i AS DOUBLE) AS low, CAST(100 + i AS DOUBLE) + 0.5 AS \"close\", "
                + "CAST(1000 + i AS DOUBLE) AS volume, CAST(i AS BIGINT) AS trade_count, CAST(100 + i AS DOUBLE) + 0.25 AS vwap, 'alpaca' AS source, "
                + "false AS price_jump, CAST(1 AS INTEGER) AS schema_version, CAST(" + partition + " AS INTEGER) AS kafka_partition, "
                + "CAST(" + firstOffset + " + i AS BIGINT) AS kafka_offset FROM range(" + from + ", " + to + ") t(i)";
    }

    /** Rows of the sink's stock_trades files: the TRADE fields without source and ticker (Hive levels; date is derived). */
    private static String trades(int n, String source, boolean synthetic, int partition) {
        return "SELECT TIMESTAMPTZ '2025-03-03 15:00:00+00' + CAST(i AS INTEGER) * INTERVAL 1 second AS \"timestamp\", "
                + "CAST(1741014000000000000 + i * 1000000000 AS BIGINT) AS timestamp_nanos, CAST(200 + i AS DOUBLE) AS price, CAST(10 AS DOUBLE) AS size, "
                + "'V' AS exchange, CAST(i AS BIGINT) AS trade_id, ['@', 'T'] AS conditions, 'C' AS tape, " + synthetic + " AS synthetic, "
                + "CAST(1 AS INTEGER) AS schema_version, CAST(" + partition + " AS INTEGER) AS kafka_partition, CAST(i AS BIGINT) AS kafka_offset FROM range(" + n + ") t(i)";
    }

    /** Rows of the sink's finnhub/newsapi files: the NEWS fields without ticker and date (Hive levels). */
    private static String news(String provider, double[] sentiments) {
        StringBuilder values = new StringBuilder();
        for (int i = 0; i < sentiments.length; i++) {
            values.append(i > 0 ? ", " : "").append("(").append(i).append(", ").append(sentiments[i]).append(")");
        }
        return "SELECT '" + provider + "-' || i AS id, ['" + T + "'] AS related, TIMESTAMPTZ '2025-03-03 12:00:00+00' + CAST(i AS INTEGER) * INTERVAL 1 hour AS published_at, "
                + "'headline ' || i AS headline, 'summary, with a comma and \"quotes\"' AS summary, 'pub' AS publisher, 'https://example.org/' || i AS url, "
                + "'" + provider + "' AS provider, CAST(1 AS INTEGER) AS schema_version, CAST(s AS DOUBLE) AS sentiment, 'finbert' AS scorer, "
                + "CAST(0 AS INTEGER) AS kafka_partition, CAST(i AS BIGINT) AS kafka_offset FROM (VALUES " + values + ") t(i, s)";
    }
}
