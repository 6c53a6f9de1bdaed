package io.marketflow.ingest.macro.domain;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.marketflow.contract.ContractRecord;
import io.marketflow.contract.MacroObservation;

/**
 * Turns World Bank indicator rows into {@link MacroObservation}s with a conservative vintage, because the API keeps
 * none: a year first seen is known from {@code min(fetch day, Dec 31 + publication lag)}; a value that differs from
 * the open vintage sent before is a revision: the old vintage is closed the day before the fetch and the new one
 * starts on the fetch day. A null value (a year not published yet) is skipped, not sent as missing.
 */
public final class WorldBankNormalizer {

    /** Provider name on records and metrics. */
    public static final String SOURCE = "worldbank";

    private WorldBankNormalizer() {
    }

    /**
     * @param series the indicator asked for
     * @param rows the second element of the answer (the data rows)
     * @param fetchDay the day of the fetch
     * @param lag publication lag after year end
     * @param open the open vintages sent before, by observation date (the first day of the year)
     * @return the records to send (new vintages and closings) and rejected rows
     */
    public static Normalized<MacroObservation> normalize(SeriesRef series, JsonNode rows, LocalDate fetchDay, Duration lag,
            Map<LocalDate, MacroObservation> open) {
        List<MacroObservation> records = new ArrayList<>();
        List<Rejected> rejected = new ArrayList<>();
        for (JsonNode row : rows) {
            String yearText = row.path("date").asText("");
            if (!yearText.matches("\\d{4}")) {
                rejected.add(new Rejected(series.alias(), row.toString(), "date '" + yearText + "' is not a year"));
                continue;
            }
            JsonNode valueNode = row.get("value");
            if (valueNode == null || valueNode.isNull()) {
                continue;
            }
            if (!valueNode.isNumber()) {
                rejected.add(new Rejected(series.alias(), row.toString(), "value '" + valueNode + "' is not a number"));
                continue;
            }
            int year = Integer.parseInt(yearText);
            LocalDate date = LocalDate.of(year, 1, 1);
            double value = valueNode.doubleValue();
            MacroObservation previous = open.get(date);
            if (previous == null) {
                LocalDate published = LocalDate.of(year, 12, 31).plusDays(lag.toDays());
                LocalDate start = published.isAfter(fetchDay) ? fetchDay : published;
                records.add(record(series, date, value, start, null));
            } else if (previous.value() == null || previous.value() != value) {
                if (!previous.realtimeStart().isBefore(fetchDay)) {
                    // Revised again on the day it was first seen: the vintage of that day is the one already sent.
                    continue;
                }
                records.add(record(series, date, previous.value(), previous.realtimeStart(), fetchDay.minusDays(1)));
                records.add(record(series, date, value, fetchDay, null));
            }
        }
        return new Normalized<>(records, rejected);
    }

    private static MacroObservation record(SeriesRef series, LocalDate date, Double value, LocalDate start, LocalDate end) {
        return new MacroObservation(ContractRecord.CURRENT_SCHEMA_VERSION, series.seriesId(), series.alias(), date, value, SOURCE, start, end);
    }
}
