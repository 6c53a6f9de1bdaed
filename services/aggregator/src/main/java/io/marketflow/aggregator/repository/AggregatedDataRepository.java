package io.marketflow.aggregator.repository;

import java.io.IOException;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import io.marketflow.aggregator.domain.AggregatedRow;
import io.marketflow.aggregator.domain.MinuteBar;

/**
 * Writes a {@link UnitOfWork} to PostgreSQL in one transaction: rows whose keys are new by binary COPY straight into
 * the table, otherwise (a replay) by binary COPY into a session-local staging table and one {@code INSERT … ON CONFLICT
 * (ticker, timestamp) DO UPDATE … WHERE IS DISTINCT FROM} from it, so a replayed unit changes nothing and a batch costs
 * a few statements whatever its size. Also reads the indicator states and live bars a restart resumes from.
 */
@ApplicationScoped
public class AggregatedDataRepository {

    private static final String STAGE = "aggregated_data_stage";
    private static final String UNIQUE_VIOLATION = "23505";
    private static final String COLUMN_LIST = AggregatedRow.COLUMNS.stream().map(AggregatedDataRepository::quote).collect(Collectors.joining(", "));
    private static final String ANY_STORED = "SELECT EXISTS (SELECT 1 FROM unnest(?::text[], ?::text[], ?::text[]) AS k(ticker, lo, hi) "
            + "JOIN aggregated_data a ON a.ticker = k.ticker AND a.\"timestamp\" BETWEEN k.lo::timestamptz AND k.hi::timestamptz)";
    private static final String UPSERT;

    static {
        List<String> features = AggregatedRow.COLUMNS.subList(2, AggregatedRow.COLUMNS.size());
        // A live row is written before its next minute closed (y1 null); a replay of it must not erase the y1 that the
        // next minute set since.
        List<String> incoming = features.stream()
                .map(c -> c.equals("y1") ? "COALESCE(EXCLUDED.y1, aggregated_data.y1)" : "EXCLUDED." + quote(c)).toList();
        String updates = IntStream.range(0, features.size())
                .mapToObj(i -> quote(features.get(i)) + " = " + incoming.get(i)).collect(Collectors.joining(", "));
        // A replayed row equal to the stored one is not updated at all: no new row version, no index or WAL write.
        String changed = "(" + features.stream().map(c -> "aggregated_data." + quote(c)).collect(Collectors.joining(", "))
                + ") IS DISTINCT FROM (" + String.join(", ", incoming) + ")";
        UPSERT = "INSERT INTO aggregated_data (" + COLUMN_LIST + ") SELECT " + COLUMN_LIST + " FROM " + STAGE
                + " ON CONFLICT (ticker, \"timestamp\") DO UPDATE SET " + updates + " WHERE " + changed;
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
        if (!anyStored(c, unit.rows())) {
            // The usual case (a week or a minute seen for the first time): COPY straight into the table. It only
            // inserts, and the primary key refuses a key that is there, so it either writes exactly what the upsert
            // would (all keys new) or fails with a unique violation: a second instance that wrote the same keys since
            // the check. The savepoint then takes the failed COPY back and the upsert below does the unit instead.
            Savepoint before = c.setSavepoint();
            try {
                copy(c, "aggregated_data", unit.rows());
                c.releaseSavepoint(before);
                return;
            } catch (SQLException e) {
                if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    throw e;
                }
                c.rollback(before);
            }
        }
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TEMP TABLE IF NOT EXISTS " + STAGE + " (LIKE aggregated_data) ON COMMIT DELETE ROWS");
        }
        copy(c, STAGE, unit.rows());
        try (Statement s = c.createStatement()) {
            s.executeUpdate(UPSERT);
        }
    }

    /**
     * @return true when the table has any row of a ticker of {@code rows} between that ticker's first and last
     *         minute in them (so possibly one of their keys; a replay, or live rows over a gap being filled)
     */
    private static boolean anyStored(Connection c, Collection<AggregatedRow> rows) throws SQLException {
        Map<String, Instant[]> ranges = new HashMap<>();
        for (AggregatedRow r : rows) {
            Instant[] range = ranges.computeIfAbsent(r.ticker(), t -> new Instant[] {r.timestamp(), r.timestamp()});
            if (r.timestamp().isBefore(range[0])) {
                range[0] = r.timestamp();
            }
            if (r.timestamp().isAfter(range[1])) {
                range[1] = r.timestamp();
            }
        }
        List<String> tickers = new ArrayList<>(ranges.keySet());
        String[] from = new String[tickers.size()];
        String[] to = new String[tickers.size()];
        for (int i = 0; i < tickers.size(); i++) {
            from[i] = ranges.get(tickers.get(i))[0].toString();
            to[i] = ranges.get(tickers.get(i))[1].toString();
        }
        try (PreparedStatement p = c.prepareStatement(ANY_STORED)) {
            p.setArray(1, c.createArrayOf("text", tickers.toArray(String[]::new)));
            p.setArray(2, c.createArrayOf("text", from));
            p.setArray(3, c.createArrayOf("text", to));
            try (ResultSet r = p.executeQuery()) {
                return r.next() && r.getBoolean(1);
            }
        }
    }

    private static void copy(Connection c, String table, Collection<AggregatedRow> rows) throws SQLException {
        CopyIn in = c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + table + " (" + COLUMN_LIST + ") FROM STDIN (FORMAT binary)");
        try {
            BinaryCopy.write(rows, new OutputStream() {
                @Override
                public void write(int b) {
                    throw new UnsupportedOperationException("BinaryCopy writes whole buffers");
                }

                @Override
                public void write(byte[] bytes, int offset, int length) throws IOException {
                    try {
                        in.writeToCopy(bytes, offset, length);
                    } catch (SQLException e) {
                        throw new IOException(e);
                    }
                }
            });
            in.endCopy();
        } catch (IOException e) {
            if (in.isActive()) {
                in.cancelCopy();
            }
            throw e.getCause() instanceof SQLException s ? s : new SQLException("COPY into " + table + " failed", e);
        } catch (SQLException e) {
            if (in.isActive()) {
                in.cancelCopy();
            }
            throw e;
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
