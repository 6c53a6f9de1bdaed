package io.marketflow.aggregator.messaging;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import org.apache.kafka.common.TopicPartition;

import io.marketflow.aggregator.domain.AggregatedRow;
import io.marketflow.aggregator.domain.FeatureCalculator;
import io.marketflow.aggregator.domain.Indicators;
import io.marketflow.aggregator.domain.MinuteBar;
import io.marketflow.aggregator.domain.MinuteBarRoller;
import io.marketflow.aggregator.domain.PointInTimeContext;
import io.marketflow.aggregator.repository.AggregatedDataRepository;
import io.marketflow.aggregator.repository.UnitOfWork;
import io.marketflow.calendar.MarketCalendar;
import io.marketflow.contract.Bar;
import io.marketflow.contract.Trade;
import io.marketflow.contract.WeekBars;

/**
 * Turns one poll's week messages and trades into a {@link UnitOfWork}, keeping the per-ticker state between polls of
 * the partitions this instance owns: the indicator state after the last week (series {@code h}) and, for live trades,
 * the open bars per partition, the last 30 minutes of closed bars and the indicator state (series {@code l}). All of
 * it is a cache of what PostgreSQL holds: {@link #reset()} drops it (rebalance, failed write) and it is re-read lazily.
 */
final class BarAggregator {

    private static final char HISTORICAL = 'h';
    private static final char LIVE = 'l';

    private final MarketCalendar calendar;
    private final FeatureCalculator sessionOnly;
    private final FeatureCalculator allMinutes;
    private final boolean allMinutesForSynthetic;
    private final Duration grace;
    private final AggregatedDataRepository repository;
    private final AggregatorMetrics metrics;
    private final Map<String, Cached> historical = new HashMap<>();
    private final Map<String, LiveTicker> live = new HashMap<>();
    private final Map<TopicPartition, MinuteBarRoller> rollers = new HashMap<>();

    BarAggregator(MarketCalendar calendar, boolean allMinutesForSynthetic, Duration grace, AggregatedDataRepository repository,
                  AggregatorMetrics metrics) {
        this.calendar = calendar;
        this.sessionOnly = new FeatureCalculator(calendar, false);
        this.allMinutes = new FeatureCalculator(calendar, true);
        this.allMinutesForSynthetic = allMinutesForSynthetic;
        this.grace = grace;
        this.repository = repository;
        this.metrics = metrics;
    }

    private record Cached(Instant lastMinute, Indicators indicators) {
    }

    private static final class LiveTicker {
        Indicators indicators = new Indicators();
        final ArrayDeque<MinuteBar> window = new ArrayDeque<>();
        Instant lastClosed;
        boolean synthetic;
    }

    /** Drops every cached state; the next records re-read it from PostgreSQL. */
    void reset() {
        historical.clear();
        live.clear();
        rollers.clear();
    }

    /**
     * One week of one ticker: a self-contained unit (no 30-minute window reaches across a weekend) that continues the
     * ticker's indicator series from the state stored before the week's first bar, so a replayed week recomputes the
     * same rows.
     */
    void week(WeekBars week, PointInTimeContext context, UnitOfWork unit) throws SQLException {
        List<MinuteBar> bars = new ArrayList<>(week.data().size());
        Instant previous = null;
        List<Bar> sorted = new ArrayList<>(week.data());
        sorted.sort(Comparator.comparing(Bar::timestamp));
        for (Bar b : sorted) {
            Instant minute = b.timestamp();
            if (!week.ticker().equals(b.ticker())) {
                metrics.skippedBar("other-ticker");
            } else if (minute.getEpochSecond() % 60 != 0 || minute.getNano() != 0) {
                metrics.skippedBar("not-on-a-minute");
            } else if (!sessionOnly.included(minute)) {
                metrics.skippedBar("outside-session");
            } else if (minute.equals(previous)) {
                metrics.skippedBar("duplicate-minute");
            } else {
                bars.add(new MinuteBar(week.ticker(), minute, b.open(), b.high(), b.low(), b.close(), b.volume()));
                previous = minute;
            }
        }
        if (!bars.isEmpty()) {
            Instant first = bars.get(0).minute();
            Indicators indicators = historicalState(week.ticker(), first);
            List<AggregatedRow> rows = sessionOnly.compute(List.of(), bars, null, indicators, context);
            unit.addRows(rows);
            Instant last = bars.get(bars.size() - 1).minute();
            unit.putState(new UnitOfWork.State(HISTORICAL, week.ticker(), last, indicators.toText(), false));
            historical.put(week.ticker(), new Cached(last, indicators));
        }
        unit.addWeek(new UnitOfWork.Week(week.ticker(), week.year(), week.week(), bars.size()));
    }

    private Indicators historicalState(String ticker, Instant first) throws SQLException {
        Cached cached = historical.get(ticker);
        if (cached != null && cached.lastMinute().isBefore(first)) {
            // this instance wrote that state and owns the partition since: nothing newer exists before this week
            return cached.indicators();
        }
        Optional<AggregatedDataRepository.StoredState> stored = repository.stateBefore(HISTORICAL, ticker, first);
        return stored.map(s -> Indicators.fromText(s.text())).orElseGet(Indicators::new);
    }

    /** One trade: rolled into its ticker's bar; a bar closed by it becomes a row. */
    void trade(TopicPartition partition, long offset, Trade trade, PointInTimeContext context, UnitOfWork unit) throws SQLException {
        LiveTicker ticker = liveTicker(trade.ticker());
        ticker.synthetic = trade.synthetic();
        MinuteBarRoller roller = rollers.computeIfAbsent(partition, p -> new MinuteBarRoller(grace));
        long lateBefore = roller.lateTrades();
        for (MinuteBar closed : roller.add(trade.ticker(), trade.timestamp(), trade.price(), trade.size(), offset, ticker.lastClosed,
                Instant.now())) {
            closedBar(closed, context, unit);
        }
        if (roller.lateTrades() > lateBefore) {
            metrics.lateTrades(roller.lateTrades() - lateBefore);
        }
    }

    /** Closes the bars every partition's watermark has passed. */
    void closeByWatermark(PointInTimeContext context, UnitOfWork unit) throws SQLException {
        for (MinuteBarRoller roller : rollers.values()) {
            List<MinuteBar> closed = roller.closeByWatermark();
            closed.sort(Comparator.comparing(MinuteBar::minute));
            for (MinuteBar bar : closed) {
                closedBar(bar, context, unit);
            }
        }
    }

    /**
     * Closes by the wall clock the bars of the partitions read to their end (see {@link MinuteBarRoller#closeByClock}).
     *
     * @param now the wall clock
     * @param closeGrace {@code live.close-grace}
     * @param caughtUp whether a partition was read to its end
     */
    void closeByClock(Instant now, Duration closeGrace, Predicate<TopicPartition> caughtUp, PointInTimeContext context, UnitOfWork unit)
            throws SQLException {
        for (Map.Entry<TopicPartition, MinuteBarRoller> e : rollers.entrySet()) {
            if (caughtUp.test(e.getKey())) {
                List<MinuteBar> closed = e.getValue().closeByClock(now, closeGrace);
                closed.sort(Comparator.comparing(MinuteBar::minute));
                for (MinuteBar bar : closed) {
                    closedBar(bar, context, unit);
                }
            }
        }
    }

    /**
     * @param partition a trades partition
     * @param next the offset after the last record processed
     * @return the offset safe to commit: never past the first trade of a bar that is still open
     */
    long committable(TopicPartition partition, long next) {
        MinuteBarRoller roller = rollers.get(partition);
        return roller == null ? next : Math.min(next, roller.firstOpenOffset());
    }

    /** @return live bars open over every partition's roller: read, not yet closed into a row */
    int openBars() {
        int n = 0;
        for (MinuteBarRoller roller : rollers.values()) {
            n += roller.openBars();
        }
        return n;
    }

    private void closedBar(MinuteBar bar, PointInTimeContext context, UnitOfWork unit) throws SQLException {
        LiveTicker ticker = liveTicker(bar.ticker());
        if (ticker.lastClosed != null && !bar.minute().isAfter(ticker.lastClosed)) {
            return; // written before a restart: the replay re-rolled it from the same trades
        }
        FeatureCalculator calc = ticker.synthetic && allMinutesForSynthetic ? allMinutes : sessionOnly;
        if (!calc.included(bar.minute())) {
            metrics.skippedBar("outside-session");
            return;
        }
        Instant cutoff = bar.minute().minus(FeatureCalculator.LONGEST_WINDOW);
        while (!ticker.window.isEmpty() && !ticker.window.getFirst().minute().isAfter(cutoff)) {
            ticker.window.removeFirst();
        }
        MinuteBar previous = ticker.window.peekLast();
        unit.addRows(calc.compute(new ArrayList<>(ticker.window), List.of(bar), null, ticker.indicators, context));
        if (previous != null && previous.minute().plus(Duration.ofMinutes(1)).equals(bar.minute())
                && (calc == allMinutes || calendar.sessionAt(previous.minute()).map(s -> s.contains(bar.minute())).orElse(false))) {
            unit.addTarget(new UnitOfWork.TargetUpdate(bar.ticker(), previous.minute(), bar.close()));
        }
        ticker.window.addLast(bar);
        ticker.lastClosed = bar.minute();
        unit.addLiveBar(bar);
        unit.putState(new UnitOfWork.State(LIVE, bar.ticker(), bar.minute(), ticker.indicators.toText(), true));
    }

    private LiveTicker liveTicker(String symbol) throws SQLException {
        LiveTicker ticker = live.get(symbol);
        if (ticker == null) {
            ticker = new LiveTicker();
            Optional<AggregatedDataRepository.StoredState> stored = repository.stateBefore(LIVE, symbol, null);
            if (stored.isPresent()) {
                ticker.indicators = Indicators.fromText(stored.get().text());
                ticker.lastClosed = stored.get().lastMinute();
                ticker.window.addAll(repository.liveBars(symbol, ticker.lastClosed, FeatureCalculator.LONGEST_WINDOW));
            }
            live.put(symbol, ticker);
        }
        return ticker;
    }
}
