package io.marketflow.contract;

import java.time.LocalDate;
import java.util.Objects;

/**
 * One vintage of one observation of a macro series; topics {@link Topics#H_MACRODATA} and {@link Topics#MACRODATA},
 * key = alias. A revision of an observation is a new record with its own vintage, never an overwrite, so a consumer can
 * ask "what was known on date D": the record whose {@code realtimeStart <= D <= realtimeEnd} (ALFRED's convention).
 *
 * @param schemaVersion see {@link ContractRecord}
 * @param seriesId the provider's series id, e.g. {@code DGS10} or {@code NY.GDP.MKTP.KD.ZG}
 * @param alias the short name features use, e.g. {@code t10y}
 * @param date the observation's date (the period it describes, e.g. the first day of a GDP quarter)
 * @param value the value; null when the provider reports it missing (FRED's ".")
 * @param source provider: {@code fred}, {@code worldbank}
 * @param realtimeStart the first day this value was known (published); consumers must not use it before this day
 * @param realtimeEnd the last day this value was current; null while it still is (FRED's {@code 9999-12-31})
 */
public record MacroObservation(
        int schemaVersion,
        String seriesId,
        String alias,
        LocalDate date,
        Double value,
        String source,
        LocalDate realtimeStart,
        LocalDate realtimeEnd) implements ContractRecord {

    /** FRED's "no end yet" date, mapped to a null {@link #realtimeEnd}. */
    public static final LocalDate OPEN_END = LocalDate.of(9999, 12, 31);

    public MacroObservation {
        Objects.requireNonNull(alias, "alias");
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(realtimeStart, "realtimeStart");
        if (OPEN_END.equals(realtimeEnd)) {
            realtimeEnd = null;
        }
        if (realtimeEnd != null && realtimeEnd.isBefore(realtimeStart)) {
            throw new IllegalArgumentException("realtimeEnd " + realtimeEnd + " is before realtimeStart " + realtimeStart);
        }
    }

    /**
     * @param day a day
     * @return true when this vintage was the one known on that day
     */
    public boolean knownOn(LocalDate day) {
        return !day.isBefore(realtimeStart) && (realtimeEnd == null || !day.isAfter(realtimeEnd));
    }
}
