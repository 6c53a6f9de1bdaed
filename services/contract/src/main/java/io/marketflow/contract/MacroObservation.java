package io.marketflow.contract;

import java.time.LocalDate;
import java.util.Objects;

/**
 * One observation of a macro series; topics {@link Topics#H_MACRODATA} and {@link Topics#MACRODATA}, key = alias.
 *
 * @param schemaVersion see {@link ContractRecord}
 * @param seriesId the provider's series id, e.g. {@code DGS10} or {@code NY.GDP.MKTP.KD.ZG}
 * @param alias the short name features use, e.g. {@code t10y}
 * @param date the observation's date (the period it describes)
 * @param value the value; null when the provider reports it missing (FRED's ".")
 * @param source provider: {@code fred}, {@code worldbank}
 */
public record MacroObservation(int schemaVersion, String seriesId, String alias, LocalDate date, Double value, String source)
        implements ContractRecord {

    public MacroObservation {
        Objects.requireNonNull(alias, "alias");
        Objects.requireNonNull(date, "date");
    }
}
