package io.marketflow.aggregator.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.reflect.RecordComponent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
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
 * The row write on the real PostgreSQL: the COPY straight into the table (new keys), the staging upsert (keys stored)
 * and the fallback from the one to the other when a second writer stores the keys in between all leave the same rows,
 * and a replay of stored rows rewrites none of them.
 */
class AggregatedDataRepositoryTest {

    private static final MarketCalendar CALENDAR = MarketCalendar.nyse();
    private static PGSimpleDataSource ds;
    private static AggregatedDataRepository repository;

    @BeforeAll
    static void migrate() {
        StackAddresses stack = LocalStackResource.shared();
        ds = new PGSimpleDataSource();
        ds.setURL(stack.jdbcUrl());
        ds.setUser(stack.dbUser());
        ds.setPassword(stack.dbPassword());
        // as the service's registry does at startup (out of order, as configured there)
        Flyway.configure().dataSource(ds).outOfOrder(true).load().migrate();
        repository = new AggregatedDataRepository(ds);
    }

    /** One regular session of a ticker's rows, as the calculator makes them (doubles, integers, nulls, last y1 null). */
    static List<AggregatedRow> session(String ticker, LocalDate day) {
        var s = CALENDAR.session(day).orElseThrow();
        List<MinuteBar> bars = new ArrayList<>();
        double price = 50;
        for (Instant t = s.openInstant(); t.isBefore(s.closeInstant()); t = t.plus(Duration.ofMinutes(1))) {
            double open = price;
            price += Math.sin(bars.size()) * 0.3;
            bars.add(new MinuteBar(ticker, t, open, Math.max(open, price) + 0.05, Math.min(open, price) - 0.05, price, 100 + bars.size()));
        }
        return new FeatureCalculator(CALENDAR, false).compute(List.of(), bars, null, new Indicators(), PointInTimeContext.empty());
    }

    static UnitOfWork unit(List<AggregatedRow> rows) {
        UnitOfWork u = new UnitOfWork();
        u.addRows(rows);
        return u;
    }

    static void clear(String ticker) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement p = c.prepareStatement("DELETE FROM aggregated_data WHERE ticker = ?")) {
            p.setString(1, ticker);
            p.executeUpdate();
        }
    }

    /** @return the stored rows of the ticker as value lists in column order, oldest first */
    static List<List<Object>> stored(String ticker) throws SQLException {
        return StoredRows.of(ds, ticker);
    }

    static List<List<Object>> expected(List<AggregatedRow> rows) {
        return rows.stream().map(r -> Arrays.asList(r.values())).toList();
    }

    /** @return xmin (the writing transaction) of each stored row of the ticker, by timestamp */
    static Map<Instant, String> versions(String ticker) throws SQLException {
        Map<Instant, String> out = new LinkedHashMap<>();
        try (Connection c = ds.getConnection();
             PreparedStatement p = c.prepareStatement("SELECT \"timestamp\", xmin::text FROM aggregated_data WHERE ticker = ? ORDER BY \"timestamp\"")) {
            p.setString(1, ticker);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    out.put(r.getTimestamp(1).toInstant(), r.getString(2));
                }
            }
        }
        return out;
    }

    /** @return the row with one column's value replaced (by the record's canonical constructor) */
    static AggregatedRow with(AggregatedRow r, String column, Object value) throws ReflectiveOperationException {
        Object[] v = r.values();
        v[AggregatedRow.COLUMNS.indexOf(column)] = value;
        Class<?>[] types = Arrays.stream(AggregatedRow.class.getRecordComponents()).map(RecordComponent::getType).toArray(Class<?>[]::new);
        return AggregatedRow.class.getDeclaredConstructor(types).newInstance(v);
    }

    @Test
    void newKeysAndStoredKeysEndAsTheSameRows() throws Exception {
        List<AggregatedRow> fresh = session("ZZR1", LocalDate.of(2024, 3, 5));
        clear("ZZR1");
        repository.write(unit(fresh));
        assertThat(stored("ZZR1")).hasSize(390).isEqualTo(expected(fresh));
        assertThat(stored("ZZR1").get(389).get(AggregatedRow.COLUMNS.indexOf("y1"))).isNull();
        assertThat(stored("ZZR1").get(0).get(AggregatedRow.COLUMNS.indexOf("sentiment_news_mean_1day"))).isNull();

        // one key of the unit already stored, with other values: the unit goes through the staging upsert
        List<AggregatedRow> overlapping = session("ZZR2", LocalDate.of(2024, 3, 5));
        clear("ZZR2");
        repository.write(unit(List.of(with(overlapping.get(200), "price_mean_1min", -1.0))));
        repository.write(unit(overlapping));
        assertThat(stored("ZZR2")).isEqualTo(expected(overlapping));
    }

    @Test
    void aReplayOfStoredRowsRewritesNoneOfThemAndAChangedRowOnlyThatOne() throws Exception {
        List<AggregatedRow> rows = session("ZZR3", LocalDate.of(2024, 3, 6));
        clear("ZZR3");
        repository.write(unit(rows));
        Map<Instant, String> first = versions("ZZR3");

        // the live path may replay a row before its next minute closed: y1 null must keep the stored y1
        assertThat(rows.get(10).y1()).isNotNull();
        List<AggregatedRow> replay = new ArrayList<>(rows);
        replay.set(10, with(rows.get(10), "y1", null));
        repository.write(unit(replay));
        assertThat(stored("ZZR3")).isEqualTo(expected(rows));
        assertThat(versions("ZZR3")).isEqualTo(first);

        List<AggregatedRow> changed = new ArrayList<>(rows);
        changed.set(20, with(rows.get(20), "price_mean_1min", 1234.5));
        repository.write(unit(changed));
        assertThat(stored("ZZR3")).isEqualTo(expected(changed));
        Map<Instant, String> after = versions("ZZR3");
        List<Instant> rewritten = after.keySet().stream().filter(t -> !after.get(t).equals(first.get(t))).toList();
        assertThat(rewritten).containsExactly(rows.get(20).timestamp());
    }

    @Test
    void aKeyStoredByAnotherWriterAfterTheCheckTurnsTheCopyIntoTheUpsert() throws Exception {
        List<AggregatedRow> rows = session("ZZR4", LocalDate.of(2024, 3, 7));
        clear("ZZR4");
        try (Connection other = ds.getConnection()) {
            other.setAutoCommit(false);
            try (PreparedStatement p = other.prepareStatement(
                    "INSERT INTO aggregated_data (ticker, \"timestamp\", price_mean_1min) VALUES ('ZZR4', ?, -1)")) {
                p.setTimestamp(1, Timestamp.from(rows.get(300).timestamp()));
                p.executeUpdate();
            }
            // not committed: the check does not see it, the COPY waits on its key
            CompletableFuture<Void> write = CompletableFuture.runAsync(() -> {
                try {
                    repository.write(unit(rows));
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            await().atMost(Duration.ofSeconds(30)).until(() -> copyWaitsOnALock() || write.isDone());
            assertThat(write).isNotDone();
            other.commit();
            write.get(30, TimeUnit.SECONDS);
        }
        assertThat(stored("ZZR4")).isEqualTo(expected(rows));
    }

    static boolean copyWaitsOnALock() throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE 'COPY aggregated_data %'")) {
            r.next();
            return r.getInt(1) > 0;
        }
    }
}
