package io.marketflow.aggregator.domain;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.IsoFields;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

import io.marketflow.calendar.MarketCalendar;
import io.marketflow.calendar.TradingSession;

/**
 * Computes the rows of one ticker from its minute bars in time order, point in time: the row at minute t reads only bars
 * starting at or before t (bar t itself is complete at t + 1 min, when the row is written), context as of t, and the
 * indicator state of the bars before it. Only the target {@code y1} looks forward: the close of the bar starting at
 * t + 1 min, when that minute is in the same session (null for a session's last minute or a missing next bar).
 *
 * <p>Windows are by time, half-open: the N-minute window at t holds the bars starting in (t − N min, t], so the 1-minute
 * window is bar t alone and a full 5-minute window is 5 bars. The original's closed interval [t − N, t] put N + 1 bars in
 * it (its "1 min" mean averaged two bars); this definition keeps N bars and never reaches across a weekend or a session.
 */
public final class FeatureCalculator {

    /** Longest price window; bars older than this are not needed for the windows. */
    public static final Duration LONGEST_WINDOW = Duration.ofMinutes(30);
    private static final LocalTime NOMINAL_OPEN = LocalTime.of(9, 30);

    private final MarketCalendar calendar;
    private final boolean allMinutes;

    /**
     * @param calendar the NYSE calendar
     * @param allMinutes true to aggregate every minute (synthetic data at night), false for regular-session minutes only
     */
    public FeatureCalculator(MarketCalendar calendar, boolean allMinutes) {
        this.calendar = calendar;
        this.allMinutes = allMinutes;
    }

    /**
     * @param minute a bar's minute
     * @return true when a row is made for it
     */
    public boolean included(Instant minute) {
        return allMinutes || calendar.isOpen(minute);
    }

    /**
     * Computes one row per bar of {@code bars}.
     *
     * @param history earlier bars of the same ticker (only the last {@link #LONGEST_WINDOW} matter), oldest first
     * @param bars the bars to make rows for, oldest first, each {@link #included}
     * @param next the bar after the last of {@code bars}, if known (for the last row's target), else null
     * @param indicators the indicator state after {@code history}'s series; advanced over {@code bars}
     * @param context the context snapshot
     * @return the rows, in the order of {@code bars}
     */
    public List<AggregatedRow> compute(List<MinuteBar> history, List<MinuteBar> bars, MinuteBar next,
                                       Indicators indicators, PointInTimeContext context) {
        ArrayDeque<MinuteBar> window = new ArrayDeque<>(history);
        List<AggregatedRow> rows = new ArrayList<>(bars.size());
        for (int i = 0; i < bars.size(); i++) {
            MinuteBar bar = bars.get(i);
            window.addLast(bar);
            Instant t = bar.minute();
            while (!window.getFirst().minute().isAfter(t.minus(LONGEST_WINDOW))) {
                window.removeFirst();
            }
            MinuteBar following = i + 1 < bars.size() ? bars.get(i + 1) : next;
            Indicators.Values ind = indicators.update(bar.high(), bar.low(), bar.close());
            rows.add(row(bar, window, following, ind, context));
        }
        return rows;
    }

    private AggregatedRow row(MinuteBar bar, ArrayDeque<MinuteBar> window, MinuteBar following, Indicators.Values ind,
                              PointInTimeContext ctx) {
        Instant t = bar.minute();
        Stats w1 = stats(window, t, 1);
        Stats w5 = stats(window, t, 5);
        Stats w30 = stats(window, t, 30);
        ZonedDateTime utc = t.atZone(ZoneOffset.UTC);
        ZonedDateTime ny = t.atZone(calendar.zone());
        LocalDate nyDate = ny.toLocalDate();
        Optional<TradingSession> session = calendar.sessionAt(t);
        long sinceOpen = Duration.between(ny.toLocalDate().atTime(NOMINAL_OPEN).atZone(calendar.zone()), ny).toSeconds();
        int openFlag = session.map(s -> t.isBefore(s.openInstant().plus(Duration.ofMinutes(5))) ? 1 : 0).orElse(0);
        int closeFlag = session.map(s -> !t.isBefore(s.closeInstant().minus(Duration.ofMinutes(4))) ? 1 : 0).orElse(0);
        PointInTimeContext.ContextColumns c = ctx.columns(bar.ticker(), nyDate, t);
        Double y1 = null;
        Instant nextMinute = t.plus(Duration.ofMinutes(1));
        if (following != null && following.minute().equals(nextMinute)
                && (allMinutes || session.map(s -> s.contains(nextMinute)).orElse(false))) {
            y1 = following.close();
        }
        String tk = bar.ticker();
        return new AggregatedRow(tk, t, w1.mean, w5.mean, w5.std, w30.mean, w30.std, w1.volume, w5.volume, w30.volume,
                c.sentimentBlueskyMean2hours(), c.sentimentBlueskyMean1day(), c.sentimentNewsMean1day(),
                c.sentimentNewsMean3days(), c.sentimentGeneralBlueskyMean2hours(), c.sentimentGeneralBlueskyMean1day(),
                (double) Math.max(0, Math.floorDiv(sinceOpen, 60)),
                utc.getDayOfWeek().getValue() - DayOfWeek.MONDAY.getValue(), utc.getDayOfMonth(),
                utc.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR), utc.getMonthValue(), openFlag, closeFlag,
                c.eps(), c.freeCashFlow(), c.profitMargin(), c.debtToEquity(),
                c.gdpReal(), c.cpi(), c.ffr(), c.t10y(), c.t2y(), c.spread10y2y(), c.unemployment(), y1,
                ind.sma20(), ind.ema20(), ind.rsi14(), ind.macd(), ind.macdSignal(), ind.macdHist(), ind.bbUpper(),
                ind.bbMiddle(), ind.bbLower(), ind.atr14());
    }

    /** Mean and population deviation of the opens (the original's price series) and the volume sum in (t − n, t]. */
    private static Stats stats(ArrayDeque<MinuteBar> window, Instant t, int minutes) {
        Instant after = t.minus(Duration.ofMinutes(minutes));
        double sum = 0;
        double volume = 0;
        int n = 0;
        for (Iterator<MinuteBar> it = window.descendingIterator(); it.hasNext();) {
            MinuteBar b = it.next();
            if (!b.minute().isAfter(after)) {
                break;
            }
            sum += b.open();
            volume += b.volume();
            n++;
        }
        double mean = sum / n;
        double squares = 0;
        int k = 0;
        for (Iterator<MinuteBar> it = window.descendingIterator(); it.hasNext() && k < n; k++) {
            double d = it.next().open() - mean;
            squares += d * d;
        }
        return new Stats(mean, Math.sqrt(squares / n), volume);
    }

    private record Stats(double mean, double std, double volume) {
    }
}
