package io.marketflow.aggregator.repository;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import io.marketflow.aggregator.domain.Fundamentals;
import io.marketflow.aggregator.domain.MacroVintage;
import io.marketflow.aggregator.domain.PointInTimeContext;
import io.marketflow.aggregator.domain.SentimentItem;
import io.marketflow.calendar.MarketCalendar;

/**
 * The context tables: idempotent upserts by each record's natural key (so every instance may write every record, in
 * any order, any number of times), the correction of the rows a changed macro vintage, fundamentals record, article or
 * post reaches back to,
 * and the whole snapshot the features join.
 */
@ApplicationScoped
public class ContextRepository {

    private static final ZoneId ZONE = MarketCalendar.nyse().zone();

    private final DataSource dataSource;

    public ContextRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Writes one poll's context records in one transaction. When a macro vintage, fundamentals record, article or post
     * is new or changed, the same transaction corrects the context columns of the rows already written that it reaches
     * ({@link ContextCorrection}), so a crash leaves both or neither, and the poll's offsets (never committed: the
     * context consumer re-reads from the beginning) are read again either way.
     *
     * @param macro macro vintages
     * @param fundamentals fundamentals
     * @param items scored articles and posts
     * @param macroLagDays see {@link PointInTimeContext}
     * @return how many rows of {@code aggregated_data} were corrected
     * @throws SQLException when PostgreSQL fails
     */
    public int upsert(List<MacroVintage> macro, List<Fundamentals> fundamentals, List<SentimentItem> items, int macroLagDays) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                Map<String, Instant> changedFrom = new HashMap<>();
                Instant macroFrom = null;
                try (PreparedStatement p = c.prepareStatement("INSERT INTO aggregator_macro (alias, obs_date, realtime_start, realtime_end, value) "
                        + "VALUES (?, ?, ?, ?, ?) ON CONFLICT (alias, obs_date, realtime_start) DO UPDATE SET realtime_end = EXCLUDED.realtime_end, value = EXCLUDED.value "
                        + "WHERE (aggregator_macro.realtime_end, aggregator_macro.value) IS DISTINCT FROM (EXCLUDED.realtime_end, EXCLUDED.value)")) {
                    for (MacroVintage v : macro) {
                        p.setString(1, v.alias());
                        p.setDate(2, Date.valueOf(v.date()));
                        p.setDate(3, Date.valueOf(v.realtimeStart()));
                        p.setDate(4, v.realtimeEnd() == null ? null : Date.valueOf(v.realtimeEnd()));
                        setDouble(p, 5, v.value());
                        p.addBatch();
                    }
                    int[] counts = p.executeBatch();
                    for (int i = 0; i < counts.length; i++) {
                        if (counts[i] != 0) {
                            // visible from New York midnight of realtime_start + lag on, whatever its realtime_end was
                            Instant at = macro.get(i).realtimeStart().plusDays(macroLagDays).atStartOfDay(ZONE).toInstant();
                            macroFrom = macroFrom == null || at.isBefore(macroFrom) ? at : macroFrom;
                        }
                    }
                }
                try (PreparedStatement p = c.prepareStatement("INSERT INTO aggregator_fundamentals (ticker, period, fiscal_year, available_from, "
                        + "report_date, accepted_at, eps, free_cash_flow, net_income, revenue, total_debt, total_equity) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                        + "ON CONFLICT (ticker, period, fiscal_year, available_from) DO UPDATE SET report_date = EXCLUDED.report_date, "
                        + "accepted_at = EXCLUDED.accepted_at, eps = EXCLUDED.eps, free_cash_flow = EXCLUDED.free_cash_flow, "
                        + "net_income = EXCLUDED.net_income, revenue = EXCLUDED.revenue, total_debt = EXCLUDED.total_debt, total_equity = EXCLUDED.total_equity "
                        + "WHERE (aggregator_fundamentals.report_date, aggregator_fundamentals.accepted_at, aggregator_fundamentals.eps, "
                        + "aggregator_fundamentals.free_cash_flow, aggregator_fundamentals.net_income, aggregator_fundamentals.revenue, "
                        + "aggregator_fundamentals.total_debt, aggregator_fundamentals.total_equity) IS DISTINCT FROM (EXCLUDED.report_date, "
                        + "EXCLUDED.accepted_at, EXCLUDED.eps, EXCLUDED.free_cash_flow, EXCLUDED.net_income, EXCLUDED.revenue, "
                        + "EXCLUDED.total_debt, EXCLUDED.total_equity)")) {
                    for (Fundamentals f : fundamentals) {
                        p.setString(1, f.ticker());
                        p.setString(2, f.period());
                        p.setInt(3, f.fiscalYear());
                        p.setDate(4, Date.valueOf(f.availableFrom()));
                        p.setDate(5, f.reportDate() == null ? null : Date.valueOf(f.reportDate()));
                        p.setTimestamp(6, f.acceptedAt() == null ? null : Timestamp.from(f.acceptedAt()));
                        setDouble(p, 7, f.eps());
                        setDouble(p, 8, f.freeCashFlow());
                        setDouble(p, 9, f.netIncome());
                        setDouble(p, 10, f.revenue());
                        setDouble(p, 11, f.totalDebt());
                        setDouble(p, 12, f.totalEquity());
                        p.addBatch();
                    }
                    int[] counts = p.executeBatch();
                    for (int i = 0; i < counts.length; i++) {
                        // only FY statements reach the features; visibility also needs acceptedAt <= t, so the
                        // availability day's midnight is a safe lower bound whatever acceptedAt was before
                        if (counts[i] != 0 && "FY".equals(fundamentals.get(i).period())) {
                            Fundamentals f = fundamentals.get(i);
                            changedFrom.merge(f.ticker(), f.availableFrom().atStartOfDay(ZONE).toInstant(),
                                    (a, b) -> a.isBefore(b) ? a : b);
                        }
                    }
                }
                Map<String, ContextCorrection.Range> sentimentRanges = upsertSentiment(c, items);
                int corrected = 0;
                if (macroFrom != null || !changedFrom.isEmpty() || !sentimentRanges.isEmpty()) {
                    corrected = correct(c, changedFrom, macroFrom, sentimentRanges, macroLagDays);
                }
                c.commit();
                return corrected;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /**
     * Upserts the articles and posts; an item new or changed (score or time) reaches the rows whose windows hold it: a
     * ticker's rows in [p, p + the kind's longest window] for its published time p (and its former one when that
     * moved), every ticker's for a general post.
     *
     * @return per ticker ({@link SentimentItem#GENERAL} for every ticker) the minutes whose sentiment may have changed
     */
    private static Map<String, ContextCorrection.Range> upsertSentiment(Connection c, List<SentimentItem> items) throws SQLException {
        Map<String, ContextCorrection.Range> ranges = new HashMap<>();
        if (items.isEmpty()) {
            return ranges;
        }
        Map<String, Instant> before = new HashMap<>();
        try (PreparedStatement p = c.prepareStatement("SELECT s.kind, s.id, s.ticker, s.published_at FROM aggregator_sentiment s "
                + "JOIN unnest(?::text[], ?::text[], ?::text[]) AS k(kind, id, ticker) ON s.kind = k.kind AND s.id = k.id AND s.ticker = k.ticker")) {
            p.setArray(1, c.createArrayOf("text", items.stream().map(SentimentItem::kind).toArray(String[]::new)));
            p.setArray(2, c.createArrayOf("text", items.stream().map(SentimentItem::id).toArray(String[]::new)));
            p.setArray(3, c.createArrayOf("text", items.stream().map(SentimentItem::ticker).toArray(String[]::new)));
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    before.put(r.getString(1) + "|" + r.getString(2) + "|" + r.getString(3), r.getTimestamp(4).toInstant());
                }
            }
        }
        try (PreparedStatement p = c.prepareStatement("INSERT INTO aggregator_sentiment (kind, id, ticker, published_at, sentiment) "
                + "VALUES (?, ?, ?, ?, ?) ON CONFLICT (kind, id, ticker) DO UPDATE SET published_at = EXCLUDED.published_at, sentiment = EXCLUDED.sentiment "
                + "WHERE (aggregator_sentiment.published_at, aggregator_sentiment.sentiment) IS DISTINCT FROM (EXCLUDED.published_at, EXCLUDED.sentiment)")) {
            for (SentimentItem s : items) {
                p.setString(1, s.kind());
                p.setString(2, s.id());
                p.setString(3, s.ticker());
                p.setTimestamp(4, Timestamp.from(s.publishedAt()));
                p.setDouble(5, s.sentiment());
                p.addBatch();
            }
            int[] counts = p.executeBatch();
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] != 0) {
                    SentimentItem s = items.get(i);
                    Duration reach = PointInTimeContext.longestWindow(s.kind());
                    ranges.merge(s.ticker(), new ContextCorrection.Range(s.publishedAt(), s.publishedAt().plus(reach)), ContextCorrection.Range::union);
                    Instant old = before.get(s.kind() + "|" + s.id() + "|" + s.ticker());
                    if (old != null) {
                        ranges.merge(s.ticker(), new ContextCorrection.Range(old, old.plus(reach)), ContextCorrection.Range::union);
                    }
                }
            }
        }
        return ranges;
    }

    private static int correct(Connection c, Map<String, Instant> changedFrom, Instant macroFrom,
                               Map<String, ContextCorrection.Range> sentimentRanges, int macroLagDays) throws SQLException {
        try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
            lock.setLong(1, ContextFence.LOCK_KEY);
            lock.execute();
        }
        try (PreparedStatement bump = c.prepareStatement("UPDATE aggregator_context_version SET version = version + 1 WHERE id = 1")) {
            bump.executeUpdate();
        }
        Map<String, ContextCorrection.Range> ranges = new HashMap<>();
        changedFrom.forEach((ticker, from) -> ranges.merge(ticker, ContextCorrection.Range.from(from), ContextCorrection.Range::union));
        sentimentRanges.forEach((ticker, range) -> {
            if (!SentimentItem.GENERAL.equals(ticker)) {
                ranges.merge(ticker, range, ContextCorrection.Range::union);
            }
        });
        ContextCorrection.Range general = sentimentRanges.get(SentimentItem.GENERAL);
        if (macroFrom != null || general != null) {
            // a macro value and a general post are every ticker's
            for (String ticker : ContextCorrection.tickers(c)) {
                if (macroFrom != null) {
                    ranges.merge(ticker, ContextCorrection.Range.from(macroFrom), ContextCorrection.Range::union);
                }
                if (general != null) {
                    ranges.merge(ticker, general, ContextCorrection.Range::union);
                }
            }
        }
        return ContextCorrection.correct(c, ranges, load(c, macroLagDays), ZONE);
    }

    private static void setDouble(PreparedStatement p, int index, Double value) throws SQLException {
        if (value == null) {
            p.setNull(index, Types.DOUBLE);
        } else {
            p.setDouble(index, value);
        }
    }

    private static Double getDouble(ResultSet r, int index) throws SQLException {
        double v = r.getDouble(index);
        return r.wasNull() ? null : v;
    }

    /**
     * @param macroLagDays see {@link PointInTimeContext}
     * @return every stored context record as one snapshot
     * @throws SQLException when PostgreSQL fails
     */
    public PointInTimeContext load(int macroLagDays) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return load(c, macroLagDays);
        }
    }

    private static PointInTimeContext load(Connection c, int macroLagDays) throws SQLException {
        List<MacroVintage> macro = new ArrayList<>();
        List<Fundamentals> fundamentals = new ArrayList<>();
        List<SentimentItem> items = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("SELECT alias, obs_date, realtime_start, realtime_end, value FROM aggregator_macro");
             ResultSet r = p.executeQuery()) {
            while (r.next()) {
                Date end = r.getDate(4);
                macro.add(new MacroVintage(r.getString(1), r.getDate(2).toLocalDate(), r.getDate(3).toLocalDate(),
                        end == null ? null : end.toLocalDate(), getDouble(r, 5)));
            }
        }
        try (PreparedStatement p = c.prepareStatement("SELECT ticker, period, fiscal_year, available_from, report_date, accepted_at, "
                + "eps, free_cash_flow, net_income, revenue, total_debt, total_equity FROM aggregator_fundamentals");
             ResultSet r = p.executeQuery()) {
            while (r.next()) {
                Date report = r.getDate(5);
                Timestamp accepted = r.getTimestamp(6);
                LocalDate available = r.getDate(4).toLocalDate();
                fundamentals.add(new Fundamentals(r.getString(1), r.getString(2), r.getInt(3), available,
                        report == null ? null : report.toLocalDate(), accepted == null ? null : accepted.toInstant(),
                        getDouble(r, 7), getDouble(r, 8), getDouble(r, 9), getDouble(r, 10), getDouble(r, 11), getDouble(r, 12)));
            }
        }
        try (PreparedStatement p = c.prepareStatement("SELECT kind, id, ticker, published_at, sentiment FROM aggregator_sentiment");
             ResultSet r = p.executeQuery()) {
            while (r.next()) {
                items.add(new SentimentItem(r.getString(1), r.getString(2), r.getString(3), r.getTimestamp(4).toInstant(), r.getDouble(5)));
            }
        }
        return new PointInTimeContext(macro, fundamentals, items, macroLagDays);
    }
}
