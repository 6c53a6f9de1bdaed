package io.marketflow.query.summary;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;

import javax.sql.DataSource;

/**
 * Reads the aggregator's tables (created by the registry's migration V5): the size and newest minute of
 * {@code aggregated_data}, and the last row of {@code aggregator_runs}. Every statement is bounded: an exact count only
 * below {@link #EXACT_COUNT_LIMIT} estimated rows, the newest minute by one index probe per ticker.
 */
public final class AggregatorProbe {

    /** Above this many estimated rows, {@code count(*)} would scan for seconds; the estimate is shown instead. */
    static final long EXACT_COUNT_LIMIT = 2_000_000;

    /** SQLState of a missing table: the aggregator (or its migration) has not run yet. */
    private static final String UNDEFINED_TABLE = "42P01";

    // A loose index scan over the primary key (ticker, "timestamp"): the next ticker, then its max, per ticker,
    // instead of max("timestamp") over the whole table, which cannot use the index's second column.
    private static final String NEWEST_MINUTE = """
            WITH RECURSIVE t(ticker) AS (
                SELECT min(ticker) FROM aggregated_data
                UNION ALL
                SELECT (SELECT min(a.ticker) FROM aggregated_data a WHERE a.ticker > t.ticker) FROM t WHERE t.ticker IS NOT NULL)
            SELECT max((SELECT max(a."timestamp") FROM aggregated_data a WHERE a.ticker = t.ticker)) FROM t WHERE t.ticker IS NOT NULL""";

    private final DataSource dataSource;
    private final Duration timeout;

    /**
     * @param dataSource the read-only datasource
     * @param timeout statement timeout
     */
    public AggregatorProbe(DataSource dataSource, Duration timeout) {
        this.dataSource = dataSource;
        this.timeout = timeout;
    }

    /** @return the aggregator's summary; a database error becomes its {@code error}, never an exception */
    public AggregatorSummary read() {
        try (Connection c = dataSource.getConnection()) {
            long rows;
            boolean estimated = false;
            long estimate = scalarLong(c, "SELECT reltuples::bigint FROM pg_class WHERE oid = to_regclass('aggregated_data')", -1);
            if (estimate == -1 && !exists(c, "aggregated_data")) {
                return new AggregatorSummary(0, false, null, lastRun(c), null);
            }
            if (estimate > EXACT_COUNT_LIMIT) {
                rows = estimate;
                estimated = true;
            } else {
                // -1: never analysed (a fresh table); small: exact is cheap.
                rows = scalarLong(c, "SELECT count(*) FROM aggregated_data", 0);
            }
            Instant newest = null;
            try (Statement st = statement(c); ResultSet r = st.executeQuery(NEWEST_MINUTE)) {
                if (r.next() && r.getTimestamp(1) != null) {
                    newest = r.getTimestamp(1).toInstant();
                }
            }
            return new AggregatorSummary(rows, estimated, newest, lastRun(c), null);
        } catch (SQLException e) {
            return new AggregatorSummary(0, false, null, null, "PostgreSQL: " + e.getMessage());
        }
    }

    private AggregatorSummary.Run lastRun(Connection c) throws SQLException {
        if (!exists(c, "aggregator_runs")) {
            return null;
        }
        try (Statement st = statement(c); ResultSet r = st.executeQuery(
                "SELECT run_id, completed_at, units, rows_written, signal_sent FROM aggregator_runs ORDER BY completed_at DESC LIMIT 1")) {
            if (!r.next()) {
                return null;
            }
            Timestamp at = r.getTimestamp(2);
            return new AggregatorSummary.Run(r.getString(1), at.toInstant(), r.getLong(3), r.getLong(4), r.getBoolean(5));
        } catch (SQLException e) {
            if (UNDEFINED_TABLE.equals(e.getSQLState())) {
                return null;
            }
            throw e;
        }
    }

    private boolean exists(Connection c, String table) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            p.setQueryTimeout(seconds());
            p.setString(1, table);
            try (ResultSet r = p.executeQuery()) {
                return r.next() && r.getBoolean(1);
            }
        }
    }

    private long scalarLong(Connection c, String sql, long orElse) throws SQLException {
        try (Statement st = statement(c); ResultSet r = st.executeQuery(sql)) {
            if (!r.next()) {
                return orElse;
            }
            long v = r.getLong(1);
            return r.wasNull() ? orElse : v;
        }
    }

    private Statement statement(Connection c) throws SQLException {
        Statement st = c.createStatement();
        st.setQueryTimeout(seconds());
        return st;
    }

    private int seconds() {
        return (int) Math.max(1, timeout.toSeconds());
    }
}
