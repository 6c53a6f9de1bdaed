package io.marketflow.aggregator.domain;

import java.time.LocalDate;

import io.marketflow.contract.MacroObservation;

/**
 * One vintage of one macro observation, as stored in {@code aggregator_macro}.
 *
 * @param alias the feature's alias ({@code cpi}, {@code t10y}, …)
 * @param date the observation's date
 * @param realtimeStart first day the value was published
 * @param realtimeEnd last day it was current; null while it is
 * @param value the value; null when the provider reported it missing
 */
public record MacroVintage(String alias, LocalDate date, LocalDate realtimeStart, LocalDate realtimeEnd, Double value) {

    /**
     * @param o a contract observation
     * @return its vintage
     */
    public static MacroVintage of(MacroObservation o) {
        return new MacroVintage(o.alias(), o.date(), o.realtimeStart(), o.realtimeEnd(), o.value());
    }

    /**
     * @param day a day
     * @return true when this vintage was the current one on that day (same rule as {@link MacroObservation#knownOn})
     */
    public boolean knownOn(LocalDate day) {
        return !day.isBefore(realtimeStart) && (realtimeEnd == null || !day.isAfter(realtimeEnd));
    }
}
