package io.marketflow.aggregator.repository;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Completion of historical runs: which expected (ticker, ISO week) units are aggregated, and the run row whose lock
 * makes exactly one instance send the {@code start_model} signal, after the last unit's rows were committed.
 */
@ApplicationScoped
public class RunRepository {

    private final DataSource dataSource;

    public RunRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** A completed run. */
    public record CompletedRun(String runId, Instant completedAt, long units, long rowsWritten, boolean signalSent) {
    }

    /**
     * @param tickers the expected tickers
     * @param weekKeys the expected ISO weeks as {@code year * 100 + week}
     * @return how many of the expected units are aggregated
     * @throws SQLException when PostgreSQL fails
     */
    public long aggregatedUnits(Collection<String> tickers, Collection<Integer> weekKeys) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement p = c.prepareStatement(
                "SELECT count(*) FROM aggregator_weeks WHERE ticker = ANY(?) AND (iso_year * 100 + iso_week) = ANY(?)")) {
            p.setArray(1, c.createArrayOf("varchar", tickers.toArray()));
            p.setArray(2, c.createArrayOf("int4", weekKeys.toArray()));
            try (ResultSet r = p.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    /**
     * Records the run as complete (once) and, holding its row lock, lets exactly one caller send the signal.
     *
     * @param runId the run's id
     * @param units units of the run
     * @param sender sends the signal and waits for the broker's acknowledgement; returns the rows the run wrote
     * @return true when this call sent the signal
     * @throws SQLException when PostgreSQL fails (the signal is then retried by the next check)
     */
    public boolean completeOnce(String runId, long units, SignalSender sender) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                long rows;
                try (PreparedStatement p = c.prepareStatement("SELECT coalesce(sum(rows), 0) FROM aggregator_weeks"); ResultSet r = p.executeQuery()) {
                    r.next();
                    rows = r.getLong(1);
                }
                try (PreparedStatement p = c.prepareStatement("INSERT INTO aggregator_runs (run_id, completed_at, units, rows_written) "
                        + "VALUES (?, now(), ?, ?) ON CONFLICT (run_id) DO NOTHING")) {
                    p.setString(1, runId);
                    p.setLong(2, units);
                    p.setLong(3, rows);
                    p.executeUpdate();
                }
                boolean mine;
                try (PreparedStatement p = c.prepareStatement(
                        "SELECT rows_written FROM aggregator_runs WHERE run_id = ? AND NOT signal_sent FOR UPDATE SKIP LOCKED")) {
                    p.setString(1, runId);
                    try (ResultSet r = p.executeQuery()) {
                        mine = r.next();
                        if (mine) {
                            rows = r.getLong(1);
                        }
                    }
                }
                if (mine) {
                    sender.send(runId, units, rows);
                    try (PreparedStatement p = c.prepareStatement("UPDATE aggregator_runs SET signal_sent = TRUE WHERE run_id = ?")) {
                        p.setString(1, runId);
                        p.executeUpdate();
                    }
                }
                c.commit();
                return mine;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /**
     * @return the last completed run, if any
     * @throws SQLException when PostgreSQL fails
     */
    public Optional<CompletedRun> lastCompleted() throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement p = c.prepareStatement(
                "SELECT run_id, completed_at, units, rows_written, signal_sent FROM aggregator_runs ORDER BY completed_at DESC LIMIT 1");
             ResultSet r = p.executeQuery()) {
            if (!r.next()) {
                return Optional.empty();
            }
            Timestamp at = r.getTimestamp(2);
            return Optional.of(new CompletedRun(r.getString(1), at.toInstant(), r.getLong(3), r.getLong(4), r.getBoolean(5)));
        }
    }

    /** Sends the completion signal synchronously. */
    @FunctionalInterface
    public interface SignalSender {
        /**
         * @param runId the run
         * @param units units aggregated
         * @param rows rows written
         */
        void send(String runId, long units, long rows);
    }
}
