package io.marketflow.query.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.marketflow.localstack.LocalStackResource;
import io.marketflow.query.lake.DatasetStats;
import io.marketflow.query.lake.LakeStats;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The sink's {@code local} storage ({@code {local-dir}/{topic}/{hive path}}): bars answered from files read in place,
 * and {@link LakeStats} exact on a lake that holds only this test's files.
 */
@QuarkusTest
@TestProfile(LocalLakeTest.LocalStorage.class)
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
class LocalLakeTest {

    static final Path ROOT = Path.of(LakeTestProfile.perJvm("query-api.test.local-lake", "target/local-lake-" + UUID.randomUUID())).toAbsolutePath();

    /** Local storage rooted at a directory of this test's own. */
    public static class LocalStorage implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("marketflow.query.lake.storage-type", "local", "marketflow.query.lake.local-dir", ROOT.toString(),
                    "marketflow.query.lake.cache-dir", LakeTestProfile.CACHE.toString());
        }
    }

    @Inject
    LakeStats stats;

    @BeforeAll
    static void writeLocalLake() throws Exception {
        write("h_alpaca/ticker=AAPL/year=2025/" + LakeFixture.name("h_alpaca", 0, 0, 29), "2025-03-03 14:30:00", 30, 0);
        write("h_alpaca/ticker=AAPL/year=2025/" + LakeFixture.name("h_alpaca", 1, 0, 9), "2025-03-04 14:30:00", 10, 1);
        write("h_alpaca/ticker=MSFT/year=2025/" + LakeFixture.name("h_alpaca", 0, 30, 34), "2025-03-05 20:00:00", 5, 0);
        // The sink's temporary file of a put in progress: never listed.
        Files.writeString(ROOT.resolve("h_alpaca/ticker=AAPL/year=2025/h_alpaca+2+00000000000000000000+00000000000000000001.parquet.tmp"), "partial");
    }

    @Test
    void barsFromTheLocalDirectory() {
        given().queryParam("from", "2025-03-01").queryParam("to", "2025-03-10").get("/api/bars/AAPL").then().statusCode(200)
                .body("count", org.hamcrest.Matchers.equalTo(40)).body("rows[0].ticker", org.hamcrest.Matchers.equalTo("AAPL"));
        assertThat(given().get("/q/health/ready").then().extract().jsonPath()
                .getList("checks.findAll { it.name == 'query-api lake' }.status", String.class)).containsExactly("UP");
    }

    @Test
    void statsCountObjectsBytesRowsAndEventTimesFromFooters() throws Exception {
        DatasetStats bars = stats.of("h_alpaca");
        long bytes;
        try (var files = Files.walk(ROOT.resolve("h_alpaca"))) {
            bytes = files.filter(p -> p.toString().endsWith(".parquet")).mapToLong(p -> p.toFile().length()).sum();
        }
        assertThat(bars.objects()).isEqualTo(3);
        assertThat(bars.bytes()).isEqualTo(bytes);
        assertThat(bars.rows()).isEqualTo(45);
        assertThat(bars.firstEvent()).contains(Instant.parse("2025-03-03T14:30:00Z"));
        assertThat(bars.lastEvent()).contains(Instant.parse("2025-03-05T20:04:00Z"));
        assertThat(stats.of("finnhub").objects()).isZero();
        assertThat(stats.all()).hasSize(10);
    }

    private static void write(String key, String start, int n, int partition) throws SQLException, java.io.IOException {
        Path file = ROOT.resolve(key);
        Files.createDirectories(file.getParent());
        try (Connection c = new org.duckdb.DuckDBDriver().connect("jdbc:duckdb:", new Properties()); Statement st = c.createStatement()) {
            st.execute("SET TimeZone = 'UTC'");
            st.execute("COPY (SELECT TIMESTAMPTZ '" + start + "+00' + CAST(i AS INTEGER) * INTERVAL 1 minute AS \"timestamp\", '1Min' AS timeframe, "
                    + "CAST(100 + i AS DOUBLE) AS open, CAST(101 + i AS DOUBLE) AS high, CAST(99 + i AS DOUBLE) AS low, CAST(100 + i AS DOUBLE) AS \"close\", "
                    + "CAST(10 AS DOUBLE) AS volume, CAST(i AS BIGINT) AS trade_count, CAST(100 + i AS DOUBLE) AS vwap, 'alpaca' AS source, false AS price_jump, "
                    + "CAST(1 AS INTEGER) AS schema_version, CAST(" + partition + " AS INTEGER) AS kafka_partition, CAST(i AS BIGINT) AS kafka_offset "
                    + "FROM range(" + n + ") t(i)) TO '" + file + "' (FORMAT parquet)");
        }
    }
}
