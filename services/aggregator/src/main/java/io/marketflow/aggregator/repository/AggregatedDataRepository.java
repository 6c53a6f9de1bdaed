package io.marketflow.aggregator.repository;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import org.postgresql.PGConnection;

import io.marketflow.aggregator.domain.AggregatedRow;
import io.marketflow.aggregator.domain.MinuteBar;

/**
 * Writes a {@link UnitOfWork} to PostgreSQL in one transaction: the rows by COPY into a session-local staging table and
 * one {@code INSERT … ON CONFLICT (ticker, timestamp) DO UPDATE} from it, so a replayed unit changes nothing and a
 * batch costs two statements whatever its size. Also reads the indicator states and live bars a restart resumes from.
 */
@ApplicationScoped
public class AggregatedDataRepository {

    private static final String STAGE = "aggregated_data_stage";
    private static final String UPSERT;

    static {
        List<String> columns = AggregatedRow.COLUMNS;
        String quoted = columns.stream().map(AggregatedDataRepository::quote).collect(Collectors.joining(", "));
        String updates = columns.stream().skip(2)
                // A live row is written before its next minute closed (y1 null); a replay of it must not erase the y1
                // that the next minute set since.
                .map(c -> c.equals("y1") ? "y1 = COALESCE(EXCLUDED.y1, aggregated_data.y1)" : quote(c) + " = EXCLUDED." + quote(c))
                .collect(Collectors.joining(", "));
        UPSERT = "INSERT INTO aggregated_data (" + quoted + ") SELECT " + quoted + " FROM " + STAGE
                + " ON CONFLICT (ticker, \"timestamp\") DO UPDATE SET " + updates;
    }

    private final DataSource dataSource;

    public AggregatedDataRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    private static String quote(String column) {
        return "\"" + column + "\"";
    }

    /**
     * Writes everything in one transaction.
     *
     * @param unit what one poll produced
     * @throws SQLException when PostgreSQL fails; nothing of the unit is then visible
     */
    public void write(UnitOfWork unit) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                writeRows(c, unit);
                writeTargets(c, unit);
                writeStates(c, unit);
                writeLiveBars(c, unit);
                writeWeeks(c, unit);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private void writeRows(Connection c, UnitOfWork unit) throws SQLException {
        if (unit.rows().isEmpty()) {
            return;
        }
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TEMP TABLE IF NOT EXISTS " + STAGE + " (LIKE aggregated_data) ON COMMIT DELETE ROWS");
        }
        StringBuilder csv = new StringBuilder(unit.rows().size() * 400);
        for (AggregatedRow row : unit.rows()) {
            Object[] values = row.values();
            for (int i = 0; i < values.length; i++) {
                if (i > 0) {
                    csv.append(',');
                }
                Object v = values[i];
                if (v != null) {
                    // tickers are [A-Z.]; instants print as ISO-8601 UTC, which timestamptz reads
                    csv.append(v);
                }
            }
            csv.append('\n');
        }
        try {
            c.unwrap(PGConnection.class).getCopyAPI().copyIn(
                    "COPY " + STAGE + " (" + AggregatedRow.COLUMNS.stream().map(AggregatedDataRepository::quote)
                            .collect(Collectors.joining(", ")) + ") FROM STDIN (FORMAT csv)",
                    new StringReader(csv.toString()));
        } catch (IOException e) {
            throw new SQLException("COPY into " + STAGE + " failed", e);
        }
        try (Statement s = c.createStatement()) {
            s.executeUpdate(UPSERT);
        }
    }

    private void writeTargets(Connection c, UnitOfWork unit) throws SQLException {
        if (unit.targets().isEmpty()) {
            return;
        }
        try (PreparedStatement p = c.prepareStatement("UPDATE aggregated_data SET y1 = ? WHERE ticker = ? AND \"timestamp\" = ?")) {
            for (UnitOfWork.TargetUpdate t : unit.targets()) {
                p.setDouble(1, t.y1());
                p.setString(2, t.ticker());
                p.setTimestamp(3, Timestamp.from(t.timestamp()));
                p.addBatch();
            }
            p.executeBatch();
        }
    }

    private void writeStates(Connection c, UnitOfWork unit) throws SQLException {
        if (unit.states().isEmpty()) {
            return;
        }
        try (PreparedStatement delete = c.prepareStatement(
                "DELETE FROM aggregator_indicator_state WHERE series = ? AND ticker = ? AND last_minute < ?");
             PreparedStatement upsert = c.prepareStatement("INSERT INTO aggregator_indicator_state (series, ticker, last_minute, state) "
                     + "VALUES (?, ?, ?, ?) ON CONFLICT (series, ticker, last_minute) DO UPDATE SET state = EXCLUDED.state")) {
            for (UnitOfWork.State s : unit.states()) {
                if (s.latestOnly()) {
                    delete.setString(1, String.valueOf(s.series()));
                    delete.setString(2, s.ticker());
                    delete.setTimestamp(3, Timestamp.from(s.lastMinute()));
                    delete.addBatch();
                }
                upsert.setString(1, String.valueOf(s.series()));
                upsert.setString(2, s.ticker());
                upsert.setTimestamp(3, Timestamp.from(s.lastMinute()));
                upsert.setString(4, s.text());
                upsert.addBatch();
            }
            delete.executeBatch();
            upsert.executeBatch();
        }
    }

    private void writeLiveBars(Connection c, UnitOfWork unit) throws SQLException {
        if (unit.liveBars().isEmpty()) {
            return;
        }
        try (PreparedStatement p = c.prepareStatement("INSERT INTO aggregator_minute_bars (ticker, minute, open, high, low, close, volume) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (ticker, minute) DO NOTHING")) {
            for (MinuteBar b : unit.liveBars()) {
                p.setString(1, b.ticker());
                p.setTimestamp(2, Timestamp.from(b.minute()));
                p.setDouble(3, b.open());
                p.setDouble(4, b.high());
                p.setDouble(5, b.low());
                p.setDouble(6, b.close());
                p.setDouble(7, b.volume());
                p.addBatch();
            }
            p.executeBatch();
        }
    }

    private void writeWeeks(Connection c, UnitOfWork unit) throws SQLException {
        if (unit.weeks().isEmpty()) {
            return;
        }
        try (PreparedStatement p = c.prepareStatement("INSERT INTO aggregator_weeks (ticker, iso_year, iso_week, rows) VALUES (?, ?, ?, ?) "
                + "ON CONFLICT (ticker, iso_year, iso_week) DO UPDATE SET rows = EXCLUDED.rows")) {
            for (UnitOfWork.Week w : unit.weeks()) {
                p.setString(1, w.ticker());
                p.setInt(2, w.isoYear());
                p.setInt(3, w.isoWeek());
                p.setInt(4, w.rows());
                p.addBatch();
            }
            p.executeBatch();
        }
    }

    /** A stored indicator state. */
    public record StoredState(Instant lastMinute, String text) {
    }

    /**
     * @param series {@code h} or {@code l}
     * @param ticker the ticker
     * @param before only states strictly before this minute; null for the latest
     * @return the latest such state
     * @throws SQLException when PostgreSQL fails
     */
    public Optional<StoredState> stateBefore(char series, String ticker, Instant before) throws SQLException {
        String sql = "SELECT last_minute, state FROM aggregator_indicator_state WHERE series = ? AND ticker = ?"
                + (before == null ? "" : " AND last_minute < ?") + " ORDER BY last_minute DESC LIMIT 1";
        try (Connection c = dataSource.getConnection(); PreparedStatement p = c.prepareStatement(sql)) {
            p.setString(1, String.valueOf(series));
            p.setString(2, ticker);
            if (before != null) {
                p.setTimestamp(3, Timestamp.from(before));
            }
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? Optional.of(new StoredState(r.getTimestamp(1).toInstant(), r.getString(2))) : Optional.empty();
            }
        }
    }

    /**
     * @param ticker the ticker
     * @param through the last minute wanted
     * @param span how far back
     * @return the live bars in (through − span, through], oldest first
     * @throws SQLException when PostgreSQL fails
     */
    public List<MinuteBar> liveBars(String ticker, Instant through, Duration span) throws SQLException {
        List<MinuteBar> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement p = c.prepareStatement(
                "SELECT minute, open, high, low, close, volume FROM aggregator_minute_bars WHERE ticker = ? AND minute > ? AND minute <= ? ORDER BY minute")) {
            p.setString(1, ticker);
            p.setTimestamp(2, Timestamp.from(through.minus(span)));
            p.setTimestamp(3, Timestamp.from(through));
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    out.add(new MinuteBar(ticker, r.getTimestamp(1).toInstant(), r.getDouble(2), r.getDouble(3), r.getDouble(4),
                            r.getDouble(5), r.getDouble(6)));
                }
            }
        }
        return out;
    }
}
