package io.marketflow.aggregator.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import io.marketflow.aggregator.domain.AggregatedRow;
import io.marketflow.aggregator.domain.FeatureCalculator;
import io.marketflow.aggregator.domain.Fundamentals;
import io.marketflow.aggregator.domain.Indicators;
import io.marketflow.aggregator.domain.MinuteBar;
import io.marketflow.aggregator.domain.PointInTimeContext;
import io.marketflow.calendar.MarketCalendar;
import io.marketflow.localstack.LocalStackResource;
import io.marketflow.localstack.StackAddresses;

/**
 * The race a late context record has with a unit of bars computed before it (real PostgreSQL): a correcting context
 * write waits while a unit holds the fence, then corrects the unit's rows to what a unit computed with the record
 * writes, and the next unit reads the bumped version (so it reloads its snapshot).
 */
class ContextFenceTest {

    private static final MarketCalendar CALENDAR = MarketCalendar.nyse();
    private static final String TICKER = "FENCE";
    private static final LocalDate DAY = LocalDate.of(2025, 11, 26);
    private static PGSimpleDataSource ds;

    @BeforeAll
    static void migrate() {
        StackAddresses stack = LocalStackResource.shared();
        ds = new PGSimpleDataSource();
        ds.setURL(stack.jdbcUrl());
        ds.setUser(stack.dbUser());
        ds.setPassword(stack.dbPassword());
        Flyway.configure().dataSource(ds).outOfOrder(true).load().migrate();
    }

    private static List<AggregatedRow> session(PointInTimeContext context) {
        var s = CALENDAR.session(DAY).orElseThrow();
        List<MinuteBar> bars = new ArrayList<>();
        for (Instant t = s.openInstant(); t.isBefore(s.closeInstant()); t = t.plus(Duration.ofMinutes(1))) {
            double open = 50 + bars.size() * 0.01;
            bars.add(new MinuteBar(TICKER, t, open, open + 0.1, open - 0.1, open + 0.05, 100 + bars.size()));
        }
        return new FeatureCalculator(CALENDAR, false).compute(List.of(), bars, null, new Indicators(), context);
    }

    private static List<List<Object>> stored() throws SQLException {
        return StoredRows.of(ds, TICKER);
    }

    private static void execute(String sql) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement p = c.prepareStatement(sql)) {
            p.setString(1, TICKER);
            p.executeUpdate();
        }
    }

    private static boolean aContextWriteWaitsOnTheFence() throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement p = c.prepareStatement(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND mode = 'ExclusiveLock' AND NOT granted");
             ResultSet r = p.executeQuery()) {
            return r.next() && r.getInt(1) > 0;
        }
    }

    @Test
    void aCorrectionWaitsForTheUnitInFlightThenCorrectsItAndTheNextUnitSeesItsVersion() throws Exception {
        execute("DELETE FROM aggregated_data WHERE ticker = ?");
        execute("DELETE FROM aggregator_fundamentals WHERE ticker = ?");
        // the correction joins every stored vintage and post (a general post is every ticker's): none left by another
        // test, so the filing is the whole context
        try (Connection c = ds.getConnection(); PreparedStatement p = c.prepareStatement("TRUNCATE aggregator_macro, aggregator_sentiment")) {
            p.execute();
        }
        Fundamentals filing = new Fundamentals(TICKER, "FY", 2024, LocalDate.of(2025, 2, 11), LocalDate.of(2024, 12, 31),
                Instant.parse("2025-02-10T21:05:00Z"), 4.5, 2.0e9, 1.0e9, 5.0e9, 2.5e9, 5.0e9);
        ContextRepository context = new ContextRepository(ds);
        ContextFence fence = new ContextFence(ds);

        long before;
        CompletableFuture<Integer> write;
        try (ContextFence.Hold unitInFlight = fence.hold()) {
            before = unitInFlight.version();
            // the unit was computed with a snapshot from before the filing
            new AggregatedDataRepository(ds).write(unit(session(PointInTimeContext.empty())));
            write = CompletableFuture.supplyAsync(() -> {
                try {
                    return context.upsert(List.of(), List.of(filing), List.of(), 1);
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            await().atMost(Duration.ofSeconds(30)).until(ContextFenceTest::aContextWriteWaitsOnTheFence);
            assertThat(write).isNotDone();
        }
        assertThat(write.get()).isEqualTo(390);

        List<AggregatedRow> withFiling = session(new PointInTimeContext(List.of(), List.of(filing), List.of(), 1));
        assertThat(stored()).isEqualTo(withFiling.stream().map(r -> Arrays.asList(r.values())).toList());
        try (ContextFence.Hold next = fence.hold()) {
            assertThat(next.version()).isEqualTo(before + 1);
        }
        // the same record again changes nothing: no correction, no new version
        assertThat(context.upsert(List.of(), List.of(filing), List.of(), 1)).isZero();
        try (ContextFence.Hold next = fence.hold()) {
            assertThat(next.version()).isEqualTo(before + 1);
        }
    }

    private static UnitOfWork unit(List<AggregatedRow> rows) {
        UnitOfWork u = new UnitOfWork();
        u.addRows(rows);
        return u;
    }
}
