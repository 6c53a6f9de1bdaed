package io.marketflow.query.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.marketflow.localstack.LocalStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * A CSV export whose body is more than twice the JVM's maximum heap (surefire runs this module with -Xmx512m, and the
 * API runs inside the test JVM), read as a stream by the client.
 *
 * <p>What it proves: the body was never held in the heap (it does not fit), the response is chunked (no length known in
 * advance, so it was not buffered to be measured), and every row arrives once. What it does not prove: a bound on
 * DuckDB's native memory beyond its configured {@code memory_limit}, or how early the first byte leaves (no timed
 * assertions here).
 */
@QuarkusTest
@TestProfile(LakeTestProfile.class)
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
class LargeExportTest {

    /** 10 million rows in 4 files: about 1.2 GB of CSV (7 million made 844 MB). */
    private static final long ROWS_PER_FILE = 2_500_000;
    private static final int FILES = 4;
    private static final String T = "L" + LakeFixture.token();
    private static LakeFixture lake;

    @TestHTTPResource("/api/bars/")
    URL bars;

    @BeforeAll
    static void writeLargeYear() {
        lake = new LakeFixture();
        for (int p = 0; p < FILES; p++) {
            long first = p * ROWS_PER_FILE;
            // One row per second from 1 Jan 2024, interleaved across the files, so the export's ORDER BY merges all four.
            lake.put("historical-data", "ticker=" + T + "/year=2024/" + LakeFixture.name("h_alpaca", p, 0, ROWS_PER_FILE - 1),
                    "SELECT TIMESTAMPTZ '2024-01-01 00:00:00+00' + CAST(i * " + FILES + " + " + p + " AS INTEGER) * INTERVAL 1 second AS \"timestamp\", "
                            + "'1Min' AS timeframe, CAST(100 + i % 1000 AS DOUBLE) + 0.123456 AS open, CAST(101 + i % 1000 AS DOUBLE) AS high, "
                            + "CAST(99 + i % 1000 AS DOUBLE) AS low, CAST(100 + i % 1000 AS DOUBLE) + 0.654321 AS \"close\", CAST(i AS DOUBLE) AS volume, "
                            + "CAST(i AS BIGINT) AS trade_count, CAST(100 + i % 1000 AS DOUBLE) + 0.5 AS vwap, 'alpaca' AS source, false AS price_jump, "
                            + "CAST(1 AS INTEGER) AS schema_version, CAST(" + p + " AS INTEGER) AS kafka_partition, CAST(i AS BIGINT) AS kafka_offset "
                            + "FROM range(" + ROWS_PER_FILE + ") t(i)");
        }
    }

    @AfterAll
    static void close() {
        lake.close();
    }

    @Test
    void csvExportLargerThanTheHeapStreams() throws IOException, InterruptedException {
        long maxHeap = Runtime.getRuntime().maxMemory();
        HttpRequest request = HttpRequest.newBuilder(URI.create(bars + T + "?from=2024-01-01&to=2025-01-01&format=csv")).GET().build();
        HttpResponse<InputStream> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-length")).isEmpty();
        assertThat(response.headers().firstValue("transfer-encoding")).hasValue("chunked");

        long bytes = 0;
        long lines = 0;
        byte[] buffer = new byte[1 << 16];
        try (InputStream body = response.body()) {
            for (int n = body.read(buffer); n >= 0; n = body.read(buffer)) {
                bytes += n;
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        lines++;
                    }
                }
            }
        }
        assertThat(lines).isEqualTo(FILES * ROWS_PER_FILE + 1);
        assertThat(bytes).isGreaterThan(2 * maxHeap);
    }
}
