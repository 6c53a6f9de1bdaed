package io.marketflow.ingest.macro.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.marketflow.contract.ContractRecord;
import io.marketflow.contract.MacroObservation;
import io.marketflow.contract.PolicyEvent;

/**
 * Finds the rate decisions in the federal funds target range series (DFEDTARU/DFEDTARL, daily): every day whose
 * (lower, upper) differs from the day before is one {@link PolicyEvent#RATE_DECISION} with the new range and the
 * change of the upper bound in basis points. The first day read only sets the starting range; missing days are skipped.
 */
public final class RateDecisions {

    /** The target range series' dates are the day a range takes effect, at the start of that day in New York. */
    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    private RateDecisions() {
    }

    /**
     * @param upper observations of the upper bound
     * @param lower observations of the lower bound
     * @return the decisions, oldest first
     */
    public static List<PolicyEvent> detect(List<MacroObservation> upper, List<MacroObservation> lower) {
        Map<LocalDate, Double> lows = new TreeMap<>();
        lower.stream().filter(o -> o.value() != null).forEach(o -> lows.put(o.date(), o.value()));
        TreeMap<LocalDate, Double> ups = new TreeMap<>();
        upper.stream().filter(o -> o.value() != null).forEach(o -> ups.put(o.date(), o.value()));
        List<PolicyEvent> events = new ArrayList<>();
        Double prevLow = null;
        Double prevUp = null;
        for (Map.Entry<LocalDate, Double> day : ups.entrySet()) {
            Double low = lows.get(day.getKey());
            if (low == null) {
                continue;
            }
            double up = day.getValue();
            if (prevUp != null && (up != prevUp || low.doubleValue() != prevLow)) {
                int bps = BigDecimal.valueOf(up).subtract(BigDecimal.valueOf(prevUp)).movePointRight(2).setScale(0, RoundingMode.HALF_UP).intValueExact();
                String title = String.format("FOMC target range %.2f-%.2f %% (%+d bps)", low, up, bps);
                events.add(new PolicyEvent(ContractRecord.CURRENT_SCHEMA_VERSION, PolicyEvent.RATE_DECISION,
                        day.getKey().atStartOfDay(NEW_YORK).toInstant(), title, low, up, FredNormalizer.SOURCE, bps));
            }
            prevUp = up;
            prevLow = low;
        }
        return events;
    }
}
