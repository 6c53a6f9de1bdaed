package io.marketflow.aggregator.repository;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.ds.PGSimpleDataSource;

import io.marketflow.aggregator.domain.AggregatedRow;
import io.marketflow.aggregator.domain.FeatureCalculator;
import io.marketflow.aggregator.domain.Indicators;
import io.marketflow.aggregator.domain.MinuteBar;
import io.marketflow.aggregator.domain.PointInTimeContext;
import io.marketflow.calendar.MarketCalendar;
import io.marketflow.localstack.LocalStackResource;
import io.marketflow.localstack.StackAddresses;

/**
 * On demand (excluded from the normal build): tickers × weeks of 1-minute bars through the feature calculator and the
 * repository's COPY + upsert, one week per transaction as the service writes them, against PostgreSQL's own COPY of the
 * same rows (their CSV made beforehand, not timed) into a plain table, week by week in the same run, and the same in
 * PostgreSQL's binary format (which the aggregator writes). Not through Kafka: it measures the compute and write path only.
 * {@code -Dtest=UpsertBenchmarkTest -Dbench.weeks=52 -Dbench.tickers=30}; {@code -Dbench.profile=true} writes by the
 * previous path (CSV, staging table, upsert) and prints the time of each step.
 */
class UpsertBenchmarkTest {

    private static final String[] PHASES = {"compute", "connect", "create-temp", "csv", "copy-stage", "upsert", "commit"};

    /** The write of rows as it was before the binary COPY (as of f875ab1), each step's time added to {@code phases}. */
    private static void writeByThePreviousPathTimed(PGSimpleDataSource ds, UnitOfWork unit, long[] phases) throws Exception {
        String quoted = AggregatedRow.COLUMNS.stream().map(c -> "\"" + c + "\"").collect(Collectors.joining(", "));
        String updates = AggregatedRow.COLUMNS.stream().skip(2)
                .map(c -> c.equals("y1") ? "y1 = COALESCE(EXCLUDED.y1, aggregated_data.y1)" : "\"" + c + "\" = EXCLUDED.\"" + c + "\"")
                .collect(Collectors.joining(", "));
        long t = System.nanoTime();
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            t = lap(phases, 1, t);
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TEMP TABLE IF NOT EXISTS aggregated_data_stage (LIKE aggregated_data) ON COMMIT DELETE ROWS");
            }
            t = lap(phases, 2, t);
            StringBuilder csv = new StringBuilder(unit.rows().size() * 400);
            for (AggregatedRow row : unit.rows()) {
                Object[] values = row.values();
                for (int i = 0; i < values.length; i++) {
                    if (i > 0) {
                        csv.append(',');
                    }
                    if (values[i] != null) {
                        csv.append(values[i]);
                    }
                }
                csv.append('\n');
            }
            String text = csv.toString();
            t = lap(phases, 3, t);
            c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY aggregated_data_stage (" + quoted + ") FROM STDIN (FORMAT csv)",
                    new StringReader(text));
            t = lap(phases, 4, t);
            try (Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO aggregated_data (" + quoted + ") SELECT " + quoted + " FROM aggregated_data_stage"
                        + " ON CONFLICT (ticker, \"timestamp\") DO UPDATE SET " + updates);
            }
            t = lap(phases, 5, t);
            c.commit();
            lap(phases, 6, t);
        }
    }

    private static long lap(long[] phases, int phase, long since) {
        long now = System.nanoTime();
        phases[phase] += now - since;
        return now;
    }

    @Test
    void aggregatorWritePathAgainstPlainCopy() throws Exception {
        // -Dbench.profile=true: first the write path before the binary COPY (CSV, staging table, upsert), step by step,
        // then the current one, each against its own plain COPY, in the same run
        if (Boolean.getBoolean("bench.profile")) {
            run(true);
        }
        run(false);
    }

    private static void run(boolean profile) throws Exception {
        int tickers = Integer.getInteger("bench.tickers", 30);
        int weeks = Integer.getInteger("bench.weeks", 52);
        StackAddresses stack = LocalStackResource.shared();
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(stack.jdbcUrl());
        ds.setUser(stack.dbUser());
        ds.setPassword(stack.dbPassword());
        MarketCalendar calendar = MarketCalendar.nyse();
        FeatureCalculator calc = new FeatureCalculator(calendar, false);
        AggregatedDataRepository repository = new AggregatedDataRepository(ds);
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS aggregated_data_bench_copy (LIKE aggregated_data)");
            s.execute("TRUNCATE aggregated_data_bench_copy");
            s.execute("CREATE TABLE IF NOT EXISTS aggregated_data_bench_binary (LIKE aggregated_data)");
            s.execute("TRUNCATE aggregated_data_bench_binary");
            s.execute("DELETE FROM aggregated_data WHERE ticker LIKE 'ZZB%'");
        }
        Random random = new Random(3);
        LocalDate monday = LocalDate.of(2024, 1, 1);
        long rows = 0;
        long aggregatorNanos = 0;
        long copyNanos = 0;
        long binaryNanos = 0;
        long[] phases = new long[PHASES.length];
        for (int k = 0; k < tickers; k++) {
            String ticker = "ZZB" + k;
            Indicators indicators = new Indicators();
            double price = 100 + k;
            for (int w = 0; w < weeks; w++) {
                List<MinuteBar> bars = new ArrayList<>();
                for (int d = 0; d < 5; d++) {
                    LocalDate day = monday.plusWeeks(w).plusDays(d);
                    var session = calendar.session(day);
                    if (session.isEmpty()) {
                        continue;
                    }
                    for (Instant t = session.get().openInstant(); t.isBefore(session.get().closeInstant()); t = t.plus(Duration.ofMinutes(1))) {
                        double open = price;
                        price *= Math.exp(random.nextGaussian() * 0.001);
                        bars.add(new MinuteBar(ticker, t, open, Math.max(open, price) + 0.01, Math.min(open, price) - 0.01, price, 100 + random.nextInt(1000)));
                    }
                }
                long start = System.nanoTime();
                List<AggregatedRow> out = calc.compute(List.of(), bars, null, indicators, PointInTimeContext.empty());
                phases[0] += System.nanoTime() - start;
                UnitOfWork unit = new UnitOfWork();
                unit.addRows(out);
                if (profile) {
                    writeByThePreviousPathTimed(ds, unit, phases);
                } else {
                    repository.write(unit);
                }
                aggregatorNanos += System.nanoTime() - start;
                rows += out.size();
                StringBuilder csv = new StringBuilder();
                for (AggregatedRow r : out) {
                    Object[] v = r.values();
                    for (int i = 0; i < v.length; i++) {
                        if (i > 0) {
                            csv.append(',');
                        }
                        if (v[i] != null) {
                            csv.append(v[i]);
                        }
                    }
                    csv.append('\n');
                }
                long copyStart = System.nanoTime();
                try (Connection c = ds.getConnection()) {
                    c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY aggregated_data_bench_copy FROM STDIN (FORMAT csv)",
                            new StringReader(csv.toString()));
                }
                copyNanos += System.nanoTime() - copyStart;
                // the same rows in the binary format the aggregator now writes, also made beforehand
                ByteArrayOutputStream binary = new ByteArrayOutputStream();
                BinaryCopy.write(out, binary);
                long binaryStart = System.nanoTime();
                try (Connection c = ds.getConnection()) {
                    c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY aggregated_data_bench_binary FROM STDIN (FORMAT binary)",
                            new ByteArrayInputStream(binary.toByteArray()));
                }
                binaryNanos += System.nanoTime() - binaryStart;
            }
        }
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT count(*) FROM aggregated_data WHERE ticker LIKE 'ZZB%'")) {
            r.next();
            assertThat(r.getLong(1)).isEqualTo(rows);
        }
        double aggregatorRate = rows / (aggregatorNanos / 1e9);
        double copyRate = rows / (copyNanos / 1e9);
        StringBuilder report = new StringBuilder(String.format(
                "[bench] rows=%d aggregator(%s)=%.0f rows/s plain COPY=%.0f rows/s ratio=%.2f; aggregator %.1f s, of it compute %.1f s; plain COPY %.1f s%n",
                rows, profile ? "previous path, timed by step" : "compute+write", aggregatorRate, copyRate, aggregatorRate / copyRate,
                aggregatorNanos / 1e9, phases[0] / 1e9, copyNanos / 1e9));
        if (profile) {
            report.append("[bench] steps:");
            for (int i = 0; i < PHASES.length; i++) {
                report.append(String.format(" %s %.1f s,", PHASES[i], phases[i] / 1e9));
            }
            report.append('\n');
        }
        double binaryRate = rows / (binaryNanos / 1e9);
        report.append(String.format("[bench] plain binary COPY=%.0f rows/s (%.1f s); aggregator / binary COPY=%.2f%n",
                binaryRate, binaryNanos / 1e9, aggregatorRate / binaryRate));
        System.out.print(report);
        Files.writeString(Path.of("target/upsert-benchmark.txt"), report, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("DELETE FROM aggregated_data WHERE ticker LIKE 'ZZB%'");
            s.execute("DROP TABLE aggregated_data_bench_copy");
            s.execute("DROP TABLE aggregated_data_bench_binary");
        }
    }
}
