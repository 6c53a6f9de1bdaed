package io.marketflow.aggregator.repository;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

import io.marketflow.aggregator.domain.PointInTimeContext;
import io.marketflow.aggregator.domain.PointInTimeContext.ContextColumns;

/**
 * Rewrites the context columns (sentiment, fundamentals, macro) of rows already in {@code aggregated_data} after a macro
 * vintage, fundamentals record, article or post changed that was public at or before them, inside the context write's transaction, with the same
 * {@link PointInTimeContext#columns} the bar loop uses: so the table does not depend on whether the context arrived
 * before or after the bars.
 *
 * <p>Cost: every row of a ticker from the earliest change's availability on is read once, in pages of {@link #PAGE}
 * by primary key, and only the rows whose values differ are updated (one statement per page). A new vintage or filing
 * of today touches nothing or a few minutes; a late macro vintage from years back reads every row from its
 * availability on (tens of millions for a 2021 vintage over all tickers: minutes, in one transaction, while the bar
 * loop waits on {@link ContextFence}) and updates the rows until the next vintage takes over. An article or post reads
 * at most its longest window's rows (3 days of a ticker for news, 1 day for a post; a general post: of every ticker).
 */
final class ContextCorrection {

    static final int PAGE = 5000;
    private static final String SELECT_COLUMNS = ContextColumns.NAMES.stream().map(n -> "\"" + n + "\"").collect(Collectors.joining(", "));
    private static final String PAGE_SQL = "SELECT \"timestamp\", " + SELECT_COLUMNS + " FROM aggregated_data "
            + "WHERE ticker = ? AND \"timestamp\" > ? AND \"timestamp\" <= ? ORDER BY \"timestamp\" LIMIT " + PAGE;
    private static final String UPDATE_SQL;
    // A loose index scan over the primary key: one probe per ticker instead of a scan of the table.
    private static final String TICKERS_SQL = "WITH RECURSIVE t AS (SELECT min(ticker) AS ticker FROM aggregated_data "
            + "UNION ALL SELECT (SELECT min(ticker) FROM aggregated_data WHERE ticker > t.ticker) FROM t WHERE t.ticker IS NOT NULL) "
            + "SELECT ticker FROM t WHERE ticker IS NOT NULL";

    static {
        List<String> names = ContextColumns.NAMES;
        StringBuilder set = new StringBuilder();
        StringBuilder arrays = new StringBuilder("?::text[]");
        StringBuilder aliases = new StringBuilder("ts");
        for (int i = 0; i < names.size(); i++) {
            set.append(i == 0 ? "" : ", ").append('"').append(names.get(i)).append("\" = v.c").append(i);
            arrays.append(", ?::float8[]");
            aliases.append(", c").append(i);
        }
        UPDATE_SQL = "UPDATE aggregated_data a SET " + set + " FROM unnest(" + arrays + ") AS v(" + aliases + ") "
                + "WHERE a.ticker = ? AND a.\"timestamp\" = v.ts::timestamptz";
    }

    private ContextCorrection() {
    }

    /**
     * The minutes of a ticker's rows a change may reach, both ends included.
     *
     * @param from the first
     * @param to the last ({@link #OPEN} when the change holds until the next record of its kind)
     */
    record Range(Instant from, Instant to) {

        /** Later than any row (PostgreSQL's timestamptz reaches year 294276). */
        static final Instant OPEN = Instant.parse("9999-12-31T00:00:00Z");

        static Range from(Instant from) {
            return new Range(from, OPEN);
        }

        Range union(Range other) {
            return new Range(from.isBefore(other.from) ? from : other.from, to.isAfter(other.to) ? to : other.to);
        }
    }

    /** @return every ticker with rows */
    static List<String> tickers(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement(TICKERS_SQL); ResultSet r = p.executeQuery()) {
            while (r.next()) {
                out.add(r.getString(1));
            }
        }
        return out;
    }

    /**
     * @param c the context write's connection (its uncommitted upserts are what {@code context} holds)
     * @param ranges per ticker, the minutes whose context may have changed (a union of two changes' ranges may hold
     *        minutes neither reaches: those are read, found equal and left alone)
     * @param context the context after the write
     * @param zone the exchange's zone (a row's New York date)
     * @return how many rows were updated
     */
    static int correct(Connection c, Map<String, Range> ranges, PointInTimeContext context, ZoneId zone) throws SQLException {
        int updated = 0;
        try (PreparedStatement page = c.prepareStatement(PAGE_SQL); PreparedStatement update = c.prepareStatement(UPDATE_SQL)) {
            for (Map.Entry<String, Range> e : ranges.entrySet()) {
                String ticker = e.getKey();
                // the page query is "after the last minute seen": start one microsecond (PostgreSQL's resolution) before
                Instant after = e.getValue().from().minusNanos(1000);
                while (true) {
                    List<Instant> minutes = new ArrayList<>(PAGE);
                    List<Double[]> fresh = new ArrayList<>();
                    int read = 0;
                    page.setString(1, ticker);
                    page.setTimestamp(2, Timestamp.from(after));
                    page.setTimestamp(3, Timestamp.from(e.getValue().to()));
                    try (ResultSet r = page.executeQuery()) {
                        while (r.next()) {
                            read++;
                            Instant t = r.getTimestamp(1).toInstant();
                            after = t;
                            LocalDate day = t.atZone(zone).toLocalDate();
                            Double[] now = context.columns(ticker, day, t).values();
                            if (!same(r, now)) {
                                minutes.add(t);
                                fresh.add(now);
                            }
                        }
                    }
                    if (!minutes.isEmpty()) {
                        updated += update(c, update, ticker, minutes, fresh);
                    }
                    if (read < PAGE) {
                        break;
                    }
                }
            }
        }
        return updated;
    }

    private static boolean same(ResultSet r, Double[] now) throws SQLException {
        for (int i = 0; i < now.length; i++) {
            double v = r.getDouble(i + 2);
            Double stored = r.wasNull() ? null : v;
            if (!Objects.equals(stored, now[i])) {
                return false;
            }
        }
        return true;
    }

    private static int update(Connection c, PreparedStatement p, String ticker, List<Instant> minutes, List<Double[]> values) throws SQLException {
        int columns = ContextColumns.NAMES.size();
        p.setArray(1, c.createArrayOf("text", minutes.stream().map(Instant::toString).toArray(String[]::new)));
        for (int i = 0; i < columns; i++) {
            Double[] column = new Double[values.size()];
            for (int k = 0; k < values.size(); k++) {
                column[k] = values.get(k)[i];
            }
            p.setArray(i + 2, c.createArrayOf("float8", column));
        }
        p.setString(columns + 2, ticker);
        return p.executeUpdate();
    }
}
