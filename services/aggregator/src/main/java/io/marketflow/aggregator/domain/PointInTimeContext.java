package io.marketflow.aggregator.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The context data (macro vintages, fundamentals, sentiment) answered as of a time, never later: an immutable snapshot
 * the feature calculator reads. Rules, each chosen so that nothing published after t is visible at t:
 * <ul>
 * <li>macro: a vintage is visible on day D when it was current on D − {@code macroLagDays} (FRED's realtime dates have
 * no time of day and releases come at 08:30 or 14:00 New York time, so with the default lag of 1 a value published on D
 * is used from D + 1); among the visible vintages of an alias, the latest observation date with a value wins;</li>
 * <li>fundamentals: the {@code FY} statements with {@code availableFrom <= D} (and {@code acceptedAt <= t} when known)
 * whose reporting period ended last; a restatement (same period, later availableFrom) replaces the original from its
 * own availability on;</li>
 * <li>sentiment: the mean over items published in [t − window, t]; null when there is none.</li>
 * </ul>
 */
public final class PointInTimeContext {

    /** The macro aliases of the original system's columns. */
    public static final List<String> MACRO_ALIASES = List.of("gdp_real", "cpi", "ffr", "t10y", "t2y", "spread_10y_2y", "unemployment");

    private static final Duration BLUESKY_SHORT = Duration.ofHours(2);
    private static final Duration BLUESKY_LONG = Duration.ofDays(1);
    private static final Duration NEWS_SHORT = Duration.ofDays(1);
    private static final Duration NEWS_LONG = Duration.ofDays(3);

    private final Map<String, List<MacroVintage>> macroByAlias = new HashMap<>();
    private final Map<String, List<Fundamentals>> fundamentalsByTicker = new HashMap<>();
    private final Map<String, Series> sentiment = new HashMap<>();
    private final int macroLagDays;

    /**
     * @param macro every stored macro vintage
     * @param fundamentals every stored fundamentals record
     * @param items every stored scored article and post
     * @param macroLagDays days after realtime_start before a vintage is used
     */
    public PointInTimeContext(Collection<MacroVintage> macro, Collection<Fundamentals> fundamentals,
                              Collection<SentimentItem> items, int macroLagDays) {
        this.macroLagDays = macroLagDays;
        for (MacroVintage v : macro) {
            if (v.value() != null) {
                macroByAlias.computeIfAbsent(v.alias(), a -> new ArrayList<>()).add(v);
            }
        }
        for (Fundamentals f : fundamentals) {
            if ("FY".equals(f.period())) {
                fundamentalsByTicker.computeIfAbsent(f.ticker(), t -> new ArrayList<>()).add(f);
            }
        }
        Map<String, List<SentimentItem>> grouped = new HashMap<>();
        for (SentimentItem s : items) {
            grouped.computeIfAbsent(s.kind() + "|" + s.ticker(), k -> new ArrayList<>()).add(s);
        }
        grouped.forEach((k, list) -> sentiment.put(k, new Series(list)));
    }

    /** @return a context with no data: every context feature is null */
    public static PointInTimeContext empty() {
        return new PointInTimeContext(List.of(), List.of(), List.of(), 1);
    }

    /** @return how many macro aliases have at least one value */
    public int macroAliasesPresent() {
        return macroByAlias.size();
    }

    /**
     * @param alias a macro alias
     * @param day the bar's New York date
     * @return the value known then, or null
     */
    public Double macro(String alias, LocalDate day) {
        List<MacroVintage> vintages = macroByAlias.get(alias);
        if (vintages == null) {
            return null;
        }
        LocalDate knownDay = day.minusDays(macroLagDays);
        MacroVintage best = null;
        for (MacroVintage v : vintages) {
            if (v.knownOn(knownDay) && (best == null || v.date().isAfter(best.date()))) {
                best = v;
            }
        }
        return best == null ? null : best.value();
    }

    /**
     * @param ticker a ticker
     * @param day the bar's New York date
     * @param t the bar's time
     * @return the statements public at t, or null
     */
    public Fundamentals fundamentals(String ticker, LocalDate day, Instant t) {
        List<Fundamentals> list = fundamentalsByTicker.get(ticker);
        if (list == null) {
            return null;
        }
        Comparator<Fundamentals> order = Comparator.comparing(Fundamentals::reportDate, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparingInt(Fundamentals::fiscalYear).thenComparing(Fundamentals::availableFrom);
        Fundamentals best = null;
        for (Fundamentals f : list) {
            if (f.visibleAt(day, t) && (best == null || order.compare(f, best) > 0)) {
                best = f;
            }
        }
        return best;
    }

    /**
     * The context columns of a ticker's row at t, as the bar loop writes them and as a late context record's correction
     * rewrites them: one method, so both paths give the same values, bit for bit.
     *
     * @param ticker a ticker
     * @param day the New York date of t
     * @param t the row's minute
     * @return the sentiment, fundamentals and macro columns known at t
     */
    public ContextColumns columns(String ticker, LocalDate day, Instant t) {
        Fundamentals f = fundamentals(ticker, day, t);
        return new ContextColumns(
                meanSentiment(SentimentItem.BLUESKY, ticker, t, BLUESKY_SHORT), meanSentiment(SentimentItem.BLUESKY, ticker, t, BLUESKY_LONG),
                meanSentiment(SentimentItem.NEWS, ticker, t, NEWS_SHORT), meanSentiment(SentimentItem.NEWS, ticker, t, NEWS_LONG),
                meanSentiment(SentimentItem.BLUESKY, SentimentItem.GENERAL, t, BLUESKY_SHORT),
                meanSentiment(SentimentItem.BLUESKY, SentimentItem.GENERAL, t, BLUESKY_LONG),
                f == null ? null : f.eps(), f == null ? null : f.freeCashFlow(),
                f == null ? null : f.profitMargin(), f == null ? null : f.debtToEquity(),
                macro("gdp_real", day), macro("cpi", day), macro("ffr", day), macro("t10y", day), macro("t2y", day),
                macro("spread_10y_2y", day), macro("unemployment", day));
    }

    /**
     * @param kind {@link SentimentItem#NEWS} or {@link SentimentItem#BLUESKY}
     * @return the longest window of that kind: an item published at p reaches the rows in [p, p + this]
     */
    public static Duration longestWindow(String kind) {
        return SentimentItem.NEWS.equals(kind) ? NEWS_LONG : BLUESKY_LONG;
    }

    /**
     * The columns of {@code aggregated_data} that come from context alone (sentiment, fundamentals, macro; none of them
     * mixes in a price), in {@link #NAMES} order.
     */
    public record ContextColumns(Double sentimentBlueskyMean2hours, Double sentimentBlueskyMean1day,
                                 Double sentimentNewsMean1day, Double sentimentNewsMean3days,
                                 Double sentimentGeneralBlueskyMean2hours, Double sentimentGeneralBlueskyMean1day,
                                 Double eps, Double freeCashFlow, Double profitMargin, Double debtToEquity,
                                 Double gdpReal, Double cpi, Double ffr, Double t10y, Double t2y, Double spread10y2y,
                                 Double unemployment) {

        /** Their column names, as in {@link AggregatedRow#COLUMNS}. */
        public static final List<String> NAMES = List.of("sentiment_bluesky_mean_2hours", "sentiment_bluesky_mean_1day",
                "sentiment_news_mean_1day", "sentiment_news_mean_3days", "sentiment_general_bluesky_mean_2hours",
                "sentiment_general_bluesky_mean_1day", "eps", "free_cash_flow", "profit_margin", "debt_to_equity",
                "gdp_real", "cpi", "ffr", "t10y", "t2y", "spread_10y_2y", "unemployment");

        /** @return the values in {@link #NAMES} order */
        public Double[] values() {
            return new Double[] {sentimentBlueskyMean2hours, sentimentBlueskyMean1day, sentimentNewsMean1day,
                    sentimentNewsMean3days, sentimentGeneralBlueskyMean2hours, sentimentGeneralBlueskyMean1day,
                    eps, freeCashFlow, profitMargin, debtToEquity, gdpReal, cpi, ffr, t10y, t2y, spread10y2y, unemployment};
        }
    }

    /**
     * @param kind {@link SentimentItem#NEWS} or {@link SentimentItem#BLUESKY}
     * @param ticker a ticker, or {@link SentimentItem#GENERAL}
     * @param t the bar's time
     * @param window how far back
     * @return the mean score published in [t − window, t], or null when there is none
     */
    public Double meanSentiment(String kind, String ticker, Instant t, Duration window) {
        Series s = sentiment.get(kind + "|" + ticker);
        return s == null ? null : s.mean(t.minus(window), t);
    }

    /**
     * Times in order; a window mean is two binary searches and a sum over the window's items, oldest first. Not prefix
     * sums: a difference of prefix sums depends in its last bits on every item before the window, so an article that
     * arrives late would change, by rounding, the means of rows whose windows do not contain it, and a corrected row
     * would differ from a clean run's. This sum depends on the window's items alone.
     */
    private static final class Series {
        private final long[] nanos;
        private final double[] scores;

        Series(List<SentimentItem> items) {
            List<SentimentItem> sorted = new ArrayList<>(items);
            sorted.sort(Comparator.comparing(SentimentItem::publishedAt).thenComparing(SentimentItem::id));
            nanos = new long[sorted.size()];
            scores = new double[sorted.size()];
            for (int i = 0; i < sorted.size(); i++) {
                nanos[i] = toNanos(sorted.get(i).publishedAt());
                scores[i] = sorted.get(i).sentiment();
            }
        }

        Double mean(Instant from, Instant to) {
            int lo = lowerBound(toNanos(from));
            int hi = upperBound(toNanos(to));
            int n = hi - lo;
            if (n <= 0) {
                return null;
            }
            double sum = 0;
            for (int i = lo; i < hi; i++) {
                sum += scores[i];
            }
            return sum / n;
        }

        private static long toNanos(Instant i) {
            return i.getEpochSecond() * 1_000_000_000L + i.getNano();
        }

        /** first index with nanos >= x */
        private int lowerBound(long x) {
            int i = Arrays.binarySearch(nanos, x);
            if (i < 0) {
                return -i - 1;
            }
            while (i > 0 && nanos[i - 1] == x) {
                i--;
            }
            return i;
        }

        /** first index with nanos > x */
        private int upperBound(long x) {
            int i = Arrays.binarySearch(nanos, x);
            if (i < 0) {
                return -i - 1;
            }
            while (i < nanos.length && nanos[i] == x) {
                i++;
            }
            return i;
        }
    }
}
