package io.marketflow.aggregator.domain;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * Streaming technical indicators over one continuous series of minute bars: SMA 20, EMA 20, RSI 14 (Wilder), MACD
 * 12/26/9, Bollinger 20/2, ATR 14. Each value equals what TA-Lib returns for the same series from its first bar (same
 * seeding: SMA seeds for EMA, MACD and ATR, Wilder's sums for RSI; same arithmetic order), so a value depends only on
 * the series, and the state after bar n is enough to continue exactly: {@link #toText()} / {@link #fromText(String)}
 * persist it between units (weeks, live batches) so restarts and replays give the same numbers as one clean pass.
 */
public final class Indicators {

    static final int SMA_PERIOD = 20;
    static final int EMA_PERIOD = 20;
    static final int RSI_PERIOD = 14;
    static final int MACD_FAST = 12;
    static final int MACD_SLOW = 26;
    static final int MACD_SIGNAL = 9;
    static final int BB_PERIOD = 20;
    static final double BB_DEVIATIONS = 2.0;
    static final int ATR_PERIOD = 14;
    /** Closes kept: the longest seeding window (MACD's slow EMA). */
    private static final int KEEP = MACD_SLOW;

    private long count;
    private final ArrayDeque<Double> closes = new ArrayDeque<>();
    private double prevClose = Double.NaN;
    private double ema = Double.NaN;
    private double fast = Double.NaN;
    private double slow = Double.NaN;
    private double signal = Double.NaN;
    private final List<Double> macdSeed = new ArrayList<>();
    private double rsiGain;
    private double rsiLoss;
    private double atr = Double.NaN;
    private double atrSeed;

    /** The values after one bar; a null is a value still in its warm-up. */
    public record Values(Double sma20, Double ema20, Double rsi14, Double macd, Double macdSignal, Double macdHist,
                         Double bbUpper, Double bbMiddle, Double bbLower, Double atr14) {
    }

    /** @return bars seen so far in this series */
    public long count() {
        return count;
    }

    /**
     * Adds the next bar of the series.
     *
     * @param high the bar's high
     * @param low the bar's low
     * @param close the bar's close
     * @return the indicators at this bar
     */
    public Values update(double high, double low, double close) {
        long i = count++;
        closes.addLast(close);
        if (closes.size() > KEEP) {
            closes.removeFirst();
        }
        Double sma = null;
        Double bbUpper = null;
        Double bbLower = null;
        if (i >= SMA_PERIOD - 1) {
            double sum = 0;
            double sumSquares = 0;
            for (Iterator<Double> it = tail(SMA_PERIOD); it.hasNext();) {
                double x = it.next();
                sum += x;
                sumSquares += x * x;
            }
            sma = sum / SMA_PERIOD;
            // TA-Lib's BBANDS: population deviation as mean of squares minus square of mean, zero below 1e-8.
            double variance = sumSquares / BB_PERIOD - sma * sma;
            double deviation = variance < 0.00000001 ? 0.0 : Math.sqrt(variance);
            bbUpper = sma + deviation * BB_DEVIATIONS;
            bbLower = sma - deviation * BB_DEVIATIONS;
        }
        Double emaOut = updateEma(i, close);
        Double[] macd = updateMacd(i, close);
        Double rsi = updateRsi(i, close);
        Double atrOut = updateAtr(i, high, low);
        prevClose = close;
        return new Values(sma, emaOut, rsi, macd[0], macd[1], macd[2], bbUpper, sma, bbLower, atrOut);
    }

    private Double updateEma(long i, double close) {
        if (i < EMA_PERIOD - 1) {
            return null;
        }
        if (i == EMA_PERIOD - 1) {
            ema = sumOfLast(EMA_PERIOD) / EMA_PERIOD;
        } else {
            ema = ((close - ema) * k(EMA_PERIOD)) + ema;
        }
        return ema;
    }

    private Double[] updateMacd(long i, double close) {
        Double[] none = {null, null, null};
        if (i < MACD_SLOW - 1) {
            return none;
        }
        if (i == MACD_SLOW - 1) {
            // TA-Lib seeds both EMAs so their first values fall on the same bar: each is the mean of its last period.
            slow = sumOfLast(MACD_SLOW) / MACD_SLOW;
            fast = sumOfLast(MACD_FAST) / MACD_FAST;
        } else {
            fast = ((close - fast) * k(MACD_FAST)) + fast;
            slow = ((close - slow) * k(MACD_SLOW)) + slow;
        }
        double line = fast - slow;
        if (macdSeed.size() < MACD_SIGNAL) {
            macdSeed.add(line);
            if (macdSeed.size() < MACD_SIGNAL) {
                return none;
            }
            double sum = 0;
            for (double v : macdSeed) {
                sum += v;
            }
            signal = sum / MACD_SIGNAL;
        } else {
            signal = ((line - signal) * k(MACD_SIGNAL)) + signal;
        }
        return new Double[] {line, signal, line - signal};
    }

    private Double updateRsi(long i, double close) {
        if (i == 0) {
            return null;
        }
        double change = close - prevClose;
        if (i <= RSI_PERIOD) {
            if (change < 0) {
                rsiLoss -= change;
            } else {
                rsiGain += change;
            }
            if (i < RSI_PERIOD) {
                return null;
            }
            rsiLoss /= RSI_PERIOD;
            rsiGain /= RSI_PERIOD;
        } else {
            rsiLoss *= (RSI_PERIOD - 1);
            rsiGain *= (RSI_PERIOD - 1);
            if (change < 0) {
                rsiLoss -= change;
            } else {
                rsiGain += change;
            }
            rsiLoss /= RSI_PERIOD;
            rsiGain /= RSI_PERIOD;
        }
        double total = rsiGain + rsiLoss;
        return (-0.00000001 < total && total < 0.00000001) ? 0.0 : 100.0 * (rsiGain / total);
    }

    private Double updateAtr(long i, double high, double low) {
        if (i == 0) {
            return null;
        }
        double range = high - low;
        double up = Math.abs(prevClose - high);
        if (up > range) {
            range = up;
        }
        double down = Math.abs(prevClose - low);
        if (down > range) {
            range = down;
        }
        if (i <= ATR_PERIOD) {
            atrSeed += range;
            if (i < ATR_PERIOD) {
                return null;
            }
            atr = atrSeed / ATR_PERIOD;
        } else {
            atr *= ATR_PERIOD - 1;
            atr += range;
            atr /= ATR_PERIOD;
        }
        return atr;
    }

    private static double k(int period) {
        return 2.0 / (period + 1);
    }

    private double sumOfLast(int n) {
        double sum = 0;
        for (Iterator<Double> it = tail(n); it.hasNext();) {
            sum += it.next();
        }
        return sum;
    }

    /** Oldest first over the last n closes, as TA-Lib sums them. */
    private Iterator<Double> tail(int n) {
        Iterator<Double> it = closes.iterator();
        for (int skip = closes.size() - n; skip > 0; skip--) {
            it.next();
        }
        return it;
    }

    /** @return the whole state as text; {@link Double#toString} round-trips every double exactly */
    public String toText() {
        StringBuilder b = new StringBuilder();
        b.append("n=").append(count).append(";prev=").append(prevClose).append(";ema=").append(ema)
                .append(";fast=").append(fast).append(";slow=").append(slow).append(";signal=").append(signal)
                .append(";gain=").append(rsiGain).append(";loss=").append(rsiLoss).append(";atr=").append(atr)
                .append(";atrSeed=").append(atrSeed).append(";closes=").append(join(closes)).append(";seed=").append(join(macdSeed));
        return b.toString();
    }

    /**
     * @param text what {@link #toText()} wrote
     * @return the same state
     */
    public static Indicators fromText(String text) {
        Indicators s = new Indicators();
        for (String part : text.split(";", -1)) {
            int eq = part.indexOf('=');
            String key = part.substring(0, eq);
            String value = part.substring(eq + 1);
            switch (key) {
                case "n" -> s.count = Long.parseLong(value);
                case "prev" -> s.prevClose = Double.parseDouble(value);
                case "ema" -> s.ema = Double.parseDouble(value);
                case "fast" -> s.fast = Double.parseDouble(value);
                case "slow" -> s.slow = Double.parseDouble(value);
                case "signal" -> s.signal = Double.parseDouble(value);
                case "gain" -> s.rsiGain = Double.parseDouble(value);
                case "loss" -> s.rsiLoss = Double.parseDouble(value);
                case "atr" -> s.atr = Double.parseDouble(value);
                case "atrSeed" -> s.atrSeed = Double.parseDouble(value);
                case "closes" -> split(value).forEach(s.closes::addLast);
                case "seed" -> s.macdSeed.addAll(split(value));
                default -> throw new IllegalArgumentException("unknown indicator state key " + key);
            }
        }
        return s;
    }

    private static String join(Iterable<Double> values) {
        StringBuilder b = new StringBuilder();
        for (double v : values) {
            if (b.length() > 0) {
                b.append(',');
            }
            b.append(String.format(Locale.ROOT, "%s", v));
        }
        return b.toString();
    }

    private static List<Double> split(String value) {
        List<Double> out = new ArrayList<>();
        if (!value.isEmpty()) {
            for (String v : value.split(",")) {
                out.add(Double.parseDouble(v));
            }
        }
        return out;
    }
}
