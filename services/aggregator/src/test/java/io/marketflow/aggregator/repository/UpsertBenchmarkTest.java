package io.marketflow.aggregator.repository;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

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
 * same rows (their CSV made beforehand, not timed) into a plain table, week by week in the same run. Not through Kafka: it measures the compute and write path only.
 * {@code -Dtest=UpsertBenchmarkTest -Dbench.weeks=52 -Dbench.tickers=30}.
 */
class UpsertBenchmarkTest {

    @Test
    void aggregatorWritePathAgainstPlainCopy() throws Exception {
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
            s.execute("DELETE FROM aggregated_data WHERE ticker LIKE 'ZZB%'");
        }
        Random random = new Random(3);
        LocalDate monday = LocalDate.of(2024, 1, 1);
        long rows = 0;
        long aggregatorNanos = 0;
        long copyNanos = 0;
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
                UnitOfWork unit = new UnitOfWork();
                unit.addRows(out);
                repository.write(unit);
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
            }
        }
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT count(*) FROM aggregated_data WHERE ticker LIKE 'ZZB%'")) {
            r.next();
            assertThat(r.getLong(1)).isEqualTo(rows);
        }
        double aggregatorRate = rows / (aggregatorNanos / 1e9);
        double copyRate = rows / (copyNanos / 1e9);
        System.out.printf("[bench] rows=%d aggregator(compute+COPY+upsert)=%.0f rows/s plain COPY=%.0f rows/s ratio=%.2f%n",
                rows, aggregatorRate, copyRate, aggregatorRate / copyRate);
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("DELETE FROM aggregated_data WHERE ticker LIKE 'ZZB%'");
            s.execute("DROP TABLE aggregated_data_bench_copy");
        }
    }
}
