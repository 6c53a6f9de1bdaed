package io.marketflow.ingest.market.domain;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.marketflow.calendar.MarketCalendar;
import io.marketflow.contract.Bar;

/**
 * Validates one ticker's bars of a window: OHLC consistency, volume, regular-session timestamps and duplicates, and
 * flags price jumps beyond a robust threshold (median absolute deviation of intraday log returns) without dropping them.
 * Extended-hours bars of a trading day (04:00–20:00 New York outside the session) are expected from providers and
 * only filtered; a bar at any other time outside the session is rejected.
 */
public final class BarValidator {

    private static final LocalTime EXTENDED_OPEN = LocalTime.of(4, 0);
    private static final LocalTime EXTENDED_CLOSE = LocalTime.of(20, 0);
    /** Scales a MAD to a standard deviation for normally distributed returns. */
    private static final double MAD_TO_SIGMA = 1.4826;

    private final MarketCalendar calendar;
    private final double jumpThreshold;
    private final int jumpMinReturns;

    /**
     * @param calendar the exchange calendar
     * @param jumpThreshold robust standard deviations beyond which a return is a jump
     * @param jumpMinReturns fewest returns before jumps are judged
     */
    public BarValidator(MarketCalendar calendar, double jumpThreshold, int jumpMinReturns) {
        this.calendar = calendar;
        this.jumpThreshold = jumpThreshold;
        this.jumpMinReturns = jumpMinReturns;
    }

    /**
     * The outcome for one ticker's bars.
     *
     * @param valid the bars that passed, in time order, price jumps flagged
     * @param rejected the bars that failed, with reasons
     * @param extendedHours how many extended-hours bars were filtered
     * @param jumps how many valid bars were flagged as price jumps
     */
    public record Result(List<Bar> valid, List<Rejected<Bar>> rejected, int extendedHours, int jumps) {
    }

    /**
     * @param bars one ticker's bars, in time order
     * @return valid bars (jumps flagged), rejected bars and counts
     */
    public Result validate(List<Bar> bars) {
        List<Bar> valid = new ArrayList<>(bars.size());
        List<Rejected<Bar>> rejected = new ArrayList<>();
        Set<Instant> seen = new HashSet<>();
        int extended = 0;
        for (Bar bar : bars) {
            if (!calendar.isOpen(bar.timestamp())) {
                if (isExtendedHours(bar.timestamp())) {
                    extended++;
                } else {
                    rejected.add(new Rejected<>(bar, "outside-session: " + bar.timestamp() + " is not in a regular session"));
                }
                continue;
            }
            String reason = invalidReason(bar);
            if (reason != null) {
                rejected.add(new Rejected<>(bar, reason));
            } else if (!seen.add(bar.timestamp())) {
                rejected.add(new Rejected<>(bar, "duplicate: " + bar.ticker() + " already has a bar at " + bar.timestamp()));
            } else {
                valid.add(bar);
            }
        }
        List<Bar> flagged = flagJumps(valid);
        int jumps = (int) flagged.stream().filter(Bar::priceJump).count();
        return new Result(flagged, rejected, extended, jumps);
    }

    /**
     * @param bar a bar
     * @return why its values are impossible, or null when they are fine
     */
    static String invalidReason(Bar bar) {
        double[] prices = { bar.open(), bar.high(), bar.low(), bar.close() };
        if (Arrays.stream(prices).anyMatch(p -> !Double.isFinite(p) || p <= 0)) {
            return "ohlc: prices must be positive numbers";
        }
        if (bar.low() > Math.min(bar.open(), bar.close()) || bar.high() < Math.max(bar.open(), bar.close()) || bar.low() > bar.high()) {
            return "ohlc: low " + bar.low() + " / high " + bar.high() + " do not bound open " + bar.open() + " and close " + bar.close();
        }
        if (!Double.isFinite(bar.volume()) || bar.volume() < 0) {
            return "volume: " + bar.volume() + " is negative";
        }
        return null;
    }

    private boolean isExtendedHours(Instant t) {
        ZonedDateTime ny = t.atZone(calendar.zone());
        LocalTime time = ny.toLocalTime();
        return calendar.isTradingDay(ny.toLocalDate()) && !time.isBefore(EXTENDED_OPEN) && time.isBefore(EXTENDED_CLOSE);
    }

    /** Judges intraday returns only: the open against the previous close is an overnight gap, not a jump. */
    private List<Bar> flagJumps(List<Bar> bars) {
        List<Integer> index = new ArrayList<>();
        List<Double> returns = new ArrayList<>();
        for (int i = 1; i < bars.size(); i++) {
            if (calendar.tradingDate(bars.get(i).timestamp()).equals(calendar.tradingDate(bars.get(i - 1).timestamp()))) {
                index.add(i);
                returns.add(Math.log(bars.get(i).close() / bars.get(i - 1).close()));
            }
        }
        if (returns.size() < jumpMinReturns) {
            return bars;
        }
        double median = median(returns.stream().mapToDouble(Double::doubleValue).toArray());
        double sigma = MAD_TO_SIGMA * median(returns.stream().mapToDouble(r -> Math.abs(r - median)).toArray());
        if (sigma <= 0) {
            // Half the returns are identical (a quiet, flat stock): every move would look infinite; judge none.
            return bars;
        }
        List<Bar> flagged = new ArrayList<>(bars);
        for (int k = 0; k < returns.size(); k++) {
            if (Math.abs(returns.get(k) - median) > jumpThreshold * sigma) {
                flagged.set(index.get(k), withJump(bars.get(index.get(k))));
            }
        }
        return flagged;
    }

    private static Bar withJump(Bar b) {
        return new Bar(b.schemaVersion(), b.ticker(), b.timestamp(), b.timeframe(), b.open(), b.high(), b.low(), b.close(), b.volume(),
                b.tradeCount(), b.vwap(), b.source(), true);
    }

    private static double median(double[] values) {
        Arrays.sort(values);
        int mid = values.length / 2;
        return values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }
}
