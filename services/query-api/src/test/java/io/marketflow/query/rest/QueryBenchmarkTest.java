package io.marketflow.query.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import io.marketflow.localstack.LocalStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * On demand ({@code -Dtest=QueryBenchmarkTest -Dbench.query=true}; excluded from normal builds by the pom): a one-year
 * lake of 30 tickers (252 sessions x 390 one-minute bars each, one file per ticker-year as a compacted sink leaves it) in
 * the test S3, then one ticker-day and one ticker-year through the API, cold (objects not in the cache yet) and warm,
 * against the same query run directly by DuckDB over the same files on local disk, in the same rounds (direct run, JDK
 * client, minimal client, one after the other), with the server's own time per request beside the clients'. Writes
 * {@code target/query-benchmark.txt}. A measurement, not a test: it asserts only row counts.
 */
@QuarkusTest
@TestProfile(QueryBenchmarkTest.Profile.class)
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
@EnabledIfSystemProperty(named = "bench.query", matches = "true")
class QueryBenchmarkTest {

    /** The test profile with listings kept as in production (the other tests list every time). */
    public static class Profile extends LakeTestProfile {
        @Override
        public java.util.Map<String, String> getConfigOverrides() {
            java.util.Map<String, String> overrides = new java.util.HashMap<>(super.getConfigOverrides());
            overrides.put("marketflow.query.lake.listing-ttl", "2s");
            return overrides;
        }
    }

    private static final int TICKERS = 30;
    private static final int WARM_RUNS = 20;
    /**
     * Requests before the warm runs are timed, so the server's Java path is JIT-compiled as in a long-running API
     * (20 requests leave most of Quarkus's request path interpreted); the direct runs get as many, though DuckDB is
     * native code.
     */
    private static final int DAY_WARMUP = Integer.getInteger("bench.query.day-warmup", 500);
    private static final int YEAR_WARMUP = Integer.getInteger("bench.query.year-warmup", 15);
    /** Timed rounds, each one direct run and one request per client. */
    private static final int DAY_RUNS = Integer.getInteger("bench.query.day-runs", 200);
    private static final int YEAR_RUNS = Integer.getInteger("bench.query.year-runs", 15);
    /** Tickers measured cold per query (2 to 21: tickers 0 and 1 are the warm ones), each object fetched once. */
    private static final int COLD_TICKERS = 10;

    @TestHTTPResource("/api/bars/")
    URL bars;

    @jakarta.inject.Inject
    io.marketflow.query.lake.Lake lakeApi;

    @jakarta.inject.Inject
    io.marketflow.query.repository.LakeRepository repository;

    @jakarta.inject.Inject
    com.fasterxml.jackson.databind.ObjectMapper mapper;

    @jakarta.inject.Inject
    io.micrometer.core.instrument.MeterRegistry registry;

    @Test
    void dayAndYearColdAndWarmAgainstDuckDbDirect() throws Exception {
        String tok = LakeFixture.token();
        List<String> report = new ArrayList<>();
        try (LakeFixture lake = new LakeFixture()) {
            long t0 = System.nanoTime();
            long bytes = 0;
            for (int n = 0; n < TICKERS; n++) {
                bytes += lake.put("historical-data", "ticker=" + ticker(tok, n) + "/year=2025/" + LakeFixture.name("h_alpaca", n % 4, 0, 98279), year());
            }
            report.add(String.format("lake: %d tickers x 98,280 bars of 2025, %.1f MB of Parquet, written in %.1f s", TICKERS, bytes / 1e6, (System.nanoTime() - t0) / 1e9));
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            String day = "from=2025-06-03T13:30:00Z&to=2025-06-03T20:00:00Z&limit=1000";
            String yearCsv = "from=2025-01-01&to=2026-01-01&format=csv";

            // Ticker 0: the day cold (its object fetched into the cache), then warm; ticker 1: the year cold, then warm.
            double dayFirst = ms(http, ticker(tok, 0), day, 390);
            for (int i = 0; i < DAY_WARMUP; i++) {
                fetch(http, ticker(tok, 0), day);
                http.send(HttpRequest.newBuilder(URI.create(bars + "bad")).build(), HttpResponse.BodyHandlers.ofString());
            }
            double yearFirst = ms(http, ticker(tok, 1), yearCsv, 98_281);
            for (int i = 0; i < YEAR_WARMUP; i++) {
                fetch(http, ticker(tok, 1), yearCsv);
            }
            Path file0 = lake.mirror.resolve("historical-data/ticker=" + ticker(tok, 0) + "/year=2025").toAbsolutePath();
            Path file1 = lake.mirror.resolve("historical-data/ticker=" + ticker(tok, 1) + "/year=2025").toAbsolutePath();

            // Interleaved: each round runs the direct query, the JDK client's request and the minimal client's request
            // one after the other, so a slow second of the shared 2 cores (GC, another process) slows all three and
            // the per-round ratio, not only one side's median. The server's own time per request is read from the
            // http.server.requests timer (Micrometer), which stops when the response has been written.
            double[][] day3;
            double[][] year3;
            long csvBytes;
            try (Direct direct = new Direct(); RawHttp raw = new RawHttp(bars)) {
                String dayTarget = bars.getPath() + ticker(tok, 0) + "?" + day;
                String yearTarget = bars.getPath() + ticker(tok, 1) + "?" + yearCsv;
                for (int i = 0; i < DAY_WARMUP; i++) {
                    direct.run(file0, "2025-06-03T13:30:00Z", "2025-06-03T20:00:00Z", 390);
                    raw.get(dayTarget);
                }
                for (int i = 0; i < YEAR_WARMUP; i++) {
                    direct.run(file1, "2025-01-01T00:00:00Z", "2026-01-01T00:00:00Z", 98_280);
                    raw.get(yearTarget);
                }
                day3 = new double[5][DAY_RUNS];
                for (int i = 0; i < DAY_RUNS; i++) {
                    day3[0][i] = direct.run(file0, "2025-06-03T13:30:00Z", "2025-06-03T20:00:00Z", 390);
                    ServerTime server = ServerTime.before(registry);
                    day3[1][i] = ms(http, ticker(tok, 0), day, 390);
                    day3[3][i] = server.after();
                    server = ServerTime.before(registry);
                    long start = System.nanoTime();
                    assertThat(raw.get(dayTarget)[0]).isEqualTo(200);
                    day3[2][i] = (System.nanoTime() - start) / 1e6;
                    day3[4][i] = server.after();
                }
                year3 = new double[5][YEAR_RUNS];
                csvBytes = 0;
                for (int i = 0; i < YEAR_RUNS; i++) {
                    year3[0][i] = direct.run(file1, "2025-01-01T00:00:00Z", "2026-01-01T00:00:00Z", 98_280);
                    ServerTime server = ServerTime.before(registry);
                    long start = System.nanoTime();
                    csvBytes = fetch(http, ticker(tok, 1), yearCsv)[1];
                    year3[1][i] = (System.nanoTime() - start) / 1e6;
                    year3[3][i] = server.after();
                    server = ServerTime.before(registry);
                    start = System.nanoTime();
                    assertThat(raw.get(yearTarget)[1]).isEqualTo(98_281);
                    year3[2][i] = (System.nanoTime() - start) / 1e6;
                    year3[4][i] = server.after();
                }
            }
            // Cold in a warm JVM: tickers whose object is not in the cache yet (the API lists the prefix and fetches the
            // object from S3 first), against what any engine on this lake pays for it: the partition listed and the
            // object fetched from the same S3 by the SDK, then read for the first time by a new DuckDB instance.
            double[][] dayColdRuns = new double[3][COLD_TICKERS];
            double[][] yearColdRuns = new double[3][COLD_TICKERS];
            Path fetched = Files.createTempDirectory(Path.of("target"), "bench-cold");
            for (int i = 0; i < dayColdRuns[0].length + yearColdRuns[0].length; i++) {
                boolean dayQuery = i < dayColdRuns[0].length;
                int n = 2 + i;
                String key = "ticker=" + ticker(tok, n) + "/year=2025/" + LakeFixture.name("h_alpaca", n % 4, 0, 98279);
                Path file = fetched.resolve(key);
                Files.createDirectories(file.getParent());
                double[][] into = dayQuery ? dayColdRuns : yearColdRuns;
                int k = dayQuery ? i : i - dayColdRuns[0].length;
                long start = System.nanoTime();
                // As DuckDB's own S3 reader would: list the partition (its glob), then get the object.
                assertThat(lake.s3().listObjectsV2(l -> l.bucket("historical-data").prefix("ticker=" + ticker(tok, n) + "/year=2025/")).contents()).hasSize(1);
                lake.s3().getObject(g -> g.bucket("historical-data").key(key), file);
                into[2][k] = (System.nanoTime() - start) / 1e6;
                try (Direct fresh = new Direct()) {
                    into[0][k] = into[2][k] + (dayQuery
                            ? fresh.run(file.getParent(), "2025-06-03T13:30:00Z", "2025-06-03T20:00:00Z", 390)
                            : fresh.run(file.getParent(), "2025-01-01T00:00:00Z", "2026-01-01T00:00:00Z", 98_280));
                }
                into[1][k] = dayQuery ? ms(http, ticker(tok, n), day, 390) : ms(http, ticker(tok, n), yearCsv, 98_281);
            }

            double[] listing = new double[WARM_RUNS];
            var dataset = lakeApi.catalog().get("h_alpaca");
            var filter = io.marketflow.query.lake.PartitionFilter.of(java.util.Map.of("ticker", ticker(tok, 0)),
                    java.time.LocalDate.parse("2025-06-02"), java.time.LocalDate.parse("2025-06-04"));
            // The storage itself, under the listing cache: what a query pays when its prefix's listing has expired.
            String prefix = new io.marketflow.query.lake.PartitionPruner(lakeApi.storage()).prefixes(dataset, filter).get(0);
            for (int i = 0; i < listing.length; i++) {
                long start = System.nanoTime();
                lakeApi.storage().list(dataset.bucket(), prefix);
                listing[i] = (System.nanoTime() - start) / 1e6;
            }
            report.add(String.format("an S3 listing of the ticker-year prefix (paid once per listing-ttl): median %.1f ms", median(listing)));
            double[] prep = new double[WARM_RUNS];
            double[] run = new double[WARM_RUNS];
            double[] bad = new double[WARM_RUNS];
            double[] json = new double[WARM_RUNS];
            for (int i = 0; i < WARM_RUNS; i++) {
                var query = new io.marketflow.query.repository.LakeQuery(List.of(dataset), filter,
                        MarketResource.timeRange("timestamp", new ApiParams.Range(java.time.Instant.parse("2025-06-03T13:30:00Z"), java.time.Instant.parse("2025-06-03T20:00:00Z"))),
                        java.util.Optional.empty(), MarketResource.keys(dataset, "timestamp"), List.of(), java.util.OptionalInt.of(1001));
                long start = System.nanoTime();
                var prepared = repository.prepare(query);
                prep[i] = (System.nanoTime() - start) / 1e6;
                start = System.nanoTime();
                repository.stream(prepared, rs -> {
                    while (rs.next()) {
                        rs.getObject(1);
                    }
                });
                run[i] = (System.nanoTime() - start) / 1e6;
                var prepared2 = repository.prepare(query);
                start = System.nanoTime();
                repository.stream(prepared2, RowWriters.jsonPage(new java.io.ByteArrayOutputStream(), mapper, MarketResource.keys(dataset, "timestamp"), 1000));
                json[i] = (System.nanoTime() - start) / 1e6;
                start = System.nanoTime();
                http.send(HttpRequest.newBuilder(URI.create(bars + "bad")).build(), HttpResponse.BodyHandlers.ofString());
                bad[i] = (System.nanoTime() - start) / 1e6;
            }
            report.add(String.format("ticker-day in process: prepare (list + pin) median %.2f ms, DuckDB query (connection, statement, rows) median %.1f ms; an HTTP 400 round trip median %.1f ms; query + JSON page in memory median %.1f ms",
                    median(prep), median(run), median(bad), median(json)));
            var yearFilter = io.marketflow.query.lake.PartitionFilter.of(java.util.Map.of("ticker", ticker(tok, 1)),
                    java.time.LocalDate.parse("2025-01-01"), java.time.LocalDate.parse("2026-01-01"));
            var yearQuery = new io.marketflow.query.repository.LakeQuery(List.of(dataset), yearFilter,
                    MarketResource.timeRange("timestamp", new ApiParams.Range(java.time.Instant.parse("2025-01-01T00:00:00Z"), java.time.Instant.parse("2026-01-01T00:00:00Z"))),
                    java.util.Optional.empty(), MarketResource.keys(dataset, "timestamp"), List.of(), java.util.OptionalInt.empty());
            double[] yPrep = new double[5];
            double[] yRows = new double[5];
            double[] yCsv = new double[5];
            for (int i = 0; i < yPrep.length; i++) {
                long start = System.nanoTime();
                var prepared = repository.prepare(yearQuery);
                yPrep[i] = (System.nanoTime() - start) / 1e6;
                start = System.nanoTime();
                repository.stream(prepared, rs -> {
                    int n = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        for (int c = 1; c <= n; c++) {
                            rs.getObject(c);
                        }
                    }
                });
                yRows[i] = (System.nanoTime() - start) / 1e6;
                start = System.nanoTime();
                repository.stream(repository.prepare(yearQuery), RowWriters.csv(java.io.OutputStream.nullOutputStream(), mapper));
                yCsv[i] = (System.nanoTime() - start) / 1e6;
            }
            report.add(String.format("ticker-year in process: prepare median %.2f ms, DuckDB query with every value fetched median %.0f ms, query + CSV rendered to a null stream median %.0f ms",
                    median(yPrep), median(yRows), median(yCsv)));
            report.add(String.format("warm-up before the timed runs: %d ticker-day requests per client (+ as many 400s), %d ticker-year exports per client; the direct runs as many",
                    DAY_WARMUP, YEAR_WARMUP));
            report.add(String.format("first requests of the JVM (class loading, interpreted code, the object fetched into the cache): ticker-day %.0f ms, ticker-year %.0f ms", dayFirst, yearFirst));
            report.add(String.format("cold in a warm JVM, object not cached: ticker-day median of %d tickers: API (JDK client) %.1f ms, direct (SDK LIST + GET %.1f ms + a new DuckDB's first read) %.1f ms, ratio %.2f; "
                            + "ticker-year median of %d: API %.0f ms, direct (LIST + GET %.0f ms + first read) %.0f ms, ratio %.2f",
                    COLD_TICKERS, median(dayColdRuns[1]), median(dayColdRuns[2]), median(dayColdRuns[0]), median(dayColdRuns[1]) / median(dayColdRuns[0]),
                    COLD_TICKERS, median(yearColdRuns[1]), median(yearColdRuns[2]), median(yearColdRuns[0]), median(yearColdRuns[1]) / median(yearColdRuns[0])));
            report.add(rounds("ticker-day (390 rows, JSON page)", day3, "%.2f"));
            report.add(rounds(String.format("ticker-year (98,280 rows, CSV export %.1f MB; direct: rows fetched, not rendered)", csvBytes / 1e6), year3, "%.0f"));
            report.add(String.format("CSV export throughput, warm median: JDK client %.1f MB/s, minimal client %.1f MB/s",
                    csvBytes / 1e6 / (median(year3[1]) / 1e3), csvBytes / 1e6 / (median(year3[2]) / 1e3)));
        }
        Files.write(Path.of("target", "query-benchmark.txt"), report);
        report.forEach(line -> io.quarkus.logging.Log.infof("[benchmark] - %s", line));
    }

    private double ms(HttpClient http, String ticker, String query, long expectedLines) throws IOException, InterruptedException {
        long start = System.nanoTime();
        long[] result = fetch(http, ticker, query);
        double ms = (System.nanoTime() - start) / 1e6;
        if (query.contains("format=csv")) {
            assertThat(result[0]).isEqualTo(expectedLines);
        }
        return ms;
    }

    /** @return {newlines, bytes} of the body, read to the end */
    private long[] fetch(HttpClient http, String ticker, String query) throws IOException, InterruptedException {
        HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(URI.create(bars + ticker + "?" + query)).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        long lines = 0;
        long bytes = 0;
        byte[] buffer = new byte[1 << 16];
        try (InputStream body = response.body()) {
            for (int n = body.read(buffer); n >= 0; n = body.read(buffer)) {
                bytes += n;
                lines += newlines(buffer, n);
            }
        }
        return new long[] {lines, bytes};
    }

    /** The API's query shape run by DuckDB directly on the local copies of the same files, on one connection, every row fetched. */
    private static final class Direct implements AutoCloseable {
        private static final String SQL = "SELECT * FROM read_parquet(?::VARCHAR[], hive_partitioning = true, union_by_name = true, hive_types = {'ticker': VARCHAR, 'year': INTEGER}) "
                + "WHERE \"timestamp\" >= ? AND \"timestamp\" < ? ORDER BY \"timestamp\", kafka_partition, kafka_offset";
        private final Connection c;

        Direct() throws SQLException {
            c = new org.duckdb.DuckDBDriver().connect("jdbc:duckdb:", new Properties());
            try (var statement = c.createStatement()) {
                statement.execute("SET TimeZone = 'UTC'");
            }
        }

        /** @return the milliseconds of one run: statement prepared, parameters bound, every value of every row read */
        double run(Path dir, String from, String to, int expected) throws SQLException {
            long start = System.nanoTime();
            int rows = 0;
            try (PreparedStatement ps = c.prepareStatement(SQL)) {
                ps.setObject(1, c.createArrayOf("VARCHAR", new Object[] {dir + "/" + dir.toFile().list()[0]}));
                ps.setObject(2, OffsetDateTime.parse(from));
                ps.setObject(3, OffsetDateTime.parse(to));
                try (ResultSet rs = ps.executeQuery()) {
                    int n = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        for (int i = 1; i <= n; i++) {
                            rs.getObject(i);
                        }
                        rows++;
                    }
                }
            }
            double ms = (System.nanoTime() - start) / 1e6;
            assertThat(rows).isEqualTo(expected);
            return ms;
        }

        @Override
        public void close() throws SQLException {
            c.close();
        }
    }

    /**
     * The server's time of the next request to the bars endpoint, from Micrometer's http.server.requests timer: its
     * total before the request and after the timer has counted it (it records once the response is written, which can
     * be just after the client has read the last byte).
     */
    private record ServerTime(io.micrometer.core.instrument.Timer timer, long count, double totalMs) {

        static ServerTime before(io.micrometer.core.instrument.MeterRegistry registry) {
            io.micrometer.core.instrument.Timer timer = registry.find("http.server.requests").tag("status", "200").timers().stream()
                    .filter(t -> String.valueOf(t.getId().getTag("uri")).startsWith("/api/bars"))
                    .findFirst().orElseThrow(() -> new IllegalStateException("no http.server.requests timer for /api/bars yet"));
            return new ServerTime(timer, timer.count(), timer.totalTime(java.util.concurrent.TimeUnit.NANOSECONDS) / 1e6);
        }

        double after() {
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (timer.count() == count) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the server never counted the request");
                }
                Thread.onSpinWait();
            }
            return timer.totalTime(java.util.concurrent.TimeUnit.NANOSECONDS) / 1e6 - totalMs;
        }
    }

    /**
     * @param what the line's subject
     * @param rounds {direct, JDK client, minimal client, server time of the JDK client's request, of the minimal
     *        client's} per round
     * @param format the milliseconds' format
     * @return medians of each, and the per-round ratios to the direct run (median, 10th and 90th percentile)
     */
    private static String rounds(String what, double[][] rounds, String format) {
        String m = format + " ms";
        String[] names = {"JDK client", "minimal client", "server time (JDK client's request)", "server time (minimal client's)"};
        StringBuilder line = new StringBuilder(String.format("%s, %d interleaved rounds: DuckDB direct median " + m + "; API medians:", what, rounds[0].length, median(rounds[0])));
        for (int k = 1; k < rounds.length; k++) {
            line.append(String.format(" %s " + m + " (ratio of medians %.2f; per round %s)%s", names[k - 1], median(rounds[k]),
                    median(rounds[k]) / median(rounds[0]), ratios(rounds[k], rounds[0]), k + 1 < rounds.length ? "," : ""));
        }
        return line.toString();
    }

    /** @return "median M, p10-p90 A-B" of api[i] / direct[i] */
    private static String ratios(double[] api, double[] direct) {
        double[] r = new double[api.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = api[i] / direct[i];
        }
        Arrays.sort(r);
        return String.format("median %.2f, p10-p90 %.2f-%.2f", r[r.length / 2], r[r.length / 10], r[r.length - 1 - r.length / 10]);
    }

    /** @return how many of the first n bytes are newlines: a CSV body's lines, counted as they arrive */
    private static long newlines(byte[] buffer, int n) {
        long lines = 0;
        for (int i = 0; i < n; i++) {
            if (buffer[i] == '\n') {
                lines++;
            }
        }
        return lines;
    }

    /**
     * HTTP/1.1 GETs on one kept-alive socket, body read to its end (Content-Length or chunked), newlines counted: the
     * least a client can do, to tell the API's time from the JDK client's.
     */
    private static final class RawHttp implements AutoCloseable {
        private final java.net.Socket socket;
        private final InputStream in;
        private final java.io.OutputStream out;
        private final String host;
        private final byte[] buffer = new byte[1 << 16];

        RawHttp(URL base) throws IOException {
            socket = new java.net.Socket();
            // As large a window as the JDK client gets, so a 10 MB export is not paced by a small receive buffer.
            socket.setReceiveBufferSize(1 << 20);
            socket.setTcpNoDelay(true);
            socket.connect(new java.net.InetSocketAddress(base.getHost(), base.getPort()));
            in = new java.io.BufferedInputStream(socket.getInputStream(), 1 << 16);
            out = socket.getOutputStream();
            host = base.getHost() + ":" + base.getPort();
        }

        /** @return {status, newlines, bytes} of the response */
        long[] get(String target) throws IOException {
            out.write(("GET " + target + " HTTP/1.1\r\nHost: " + host + "\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            out.flush();
            String status = line();
            long length = -1;
            boolean chunked = false;
            for (String header = line(); !header.isEmpty(); header = line()) {
                String lower = header.toLowerCase(java.util.Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    length = Long.parseLong(lower.substring(15).trim());
                } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                }
            }
            long[] counts = new long[2];
            if (chunked) {
                for (long size = Long.parseLong(line().split(";")[0].trim(), 16); size > 0; size = Long.parseLong(line().split(";")[0].trim(), 16)) {
                    body(size, counts);
                    line();
                }
                for (String trailer = line(); !trailer.isEmpty(); trailer = line()) {
                    // trailers, none expected
                }
            } else if (length >= 0) {
                body(length, counts);
            } else {
                throw new IOException("a response without length on a kept-alive connection: " + status);
            }
            return new long[] {Long.parseLong(status.split(" ")[1]), counts[0], counts[1]};
        }

        private void body(long size, long[] counts) throws IOException {
            for (long left = size; left > 0; ) {
                int n = in.read(buffer, 0, (int) Math.min(left, buffer.length));
                if (n < 0) {
                    throw new IOException("connection closed inside a body");
                }
                counts[0] += newlines(buffer, n);
                counts[1] += n;
                left -= n;
            }
        }

        private String line() throws IOException {
            StringBuilder line = new StringBuilder();
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    throw new IOException("connection closed inside a header");
                }
                if (b != '\r') {
                    line.append((char) b);
                }
            }
            return line.toString();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private static String year() {
        // Every weekday of 2025, 13:30-20:00 UTC: 252 sessions is close enough to the real count for a benchmark (261 weekdays; holidays kept).
        return "SELECT ts AS \"timestamp\", '1Min' AS timeframe, CAST(100 + m AS DOUBLE) AS open, CAST(101 + m AS DOUBLE) AS high, CAST(99 + m AS DOUBLE) AS low, "
                + "CAST(100 + m AS DOUBLE) + 0.5 AS \"close\", CAST(1000 + m AS DOUBLE) AS volume, CAST(m AS BIGINT) AS trade_count, CAST(100 + m AS DOUBLE) AS vwap, "
                + "'alpaca' AS source, false AS price_jump, CAST(1 AS INTEGER) AS schema_version, CAST(0 AS INTEGER) AS kafka_partition, "
                + "CAST(row_number() OVER (ORDER BY ts) - 1 AS BIGINT) AS kafka_offset "
                + "FROM (SELECT TIMESTAMPTZ '2025-01-01 13:30:00+00' + CAST(d AS INTEGER) * INTERVAL 1 day + CAST(m AS INTEGER) * INTERVAL 1 minute AS ts, m "
                + "FROM range(365) a(d), range(390) b(m)) WHERE isodow(ts) <= 5 QUALIFY row_number() OVER (ORDER BY ts) <= 98280";
    }

    private static String ticker(String tok, int n) {
        return String.format("B%s%02d", tok, n);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
