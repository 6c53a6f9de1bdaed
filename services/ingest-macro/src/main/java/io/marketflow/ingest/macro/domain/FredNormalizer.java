package io.marketflow.ingest.macro.domain;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.marketflow.contract.ContractRecord;
import io.marketflow.contract.MacroObservation;

/**
 * Turns FRED observation rows (with ALFRED vintages) into {@link MacroObservation}s: "." is a missing value (null),
 * {@code 9999-12-31} an open vintage (null end); a row whose date, vintage or value cannot be read is rejected with
 * its reason instead of failing the page.
 */
public final class FredNormalizer {

    /** Provider name on records and metrics. */
    public static final String SOURCE = "fred";
    /** FRED's missing value. */
    static final String MISSING = ".";

    private FredNormalizer() {
    }

    /**
     * @param series the series asked for
     * @param observations the {@code observations} array of one page
     * @return the page's records and rejected rows
     */
    public static Normalized<MacroObservation> normalize(SeriesRef series, JsonNode observations) {
        List<MacroObservation> records = new ArrayList<>();
        List<Rejected> rejected = new ArrayList<>();
        for (JsonNode row : observations) {
            try {
                records.add(observation(series, row));
            } catch (IllegalArgumentException | DateTimeParseException e) {
                rejected.add(new Rejected(series.alias(), row.toString(), e.getMessage()));
            }
        }
        return new Normalized<>(records, rejected);
    }

    private static MacroObservation observation(SeriesRef series, JsonNode row) {
        LocalDate date = date(row, "date");
        LocalDate start = date(row, "realtime_start");
        LocalDate end = date(row, "realtime_end");
        JsonNode valueNode = row.get("value");
        if (valueNode == null || !valueNode.isTextual()) {
            throw new IllegalArgumentException("value is missing or not a string");
        }
        String text = valueNode.asText().trim();
        Double value = null;
        if (!MISSING.equals(text)) {
            try {
                value = Double.valueOf(text);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("value '" + text + "' is not a number");
            }
            if (value.isNaN() || value.isInfinite()) {
                throw new IllegalArgumentException("value '" + text + "' is not finite");
            }
        }
        return new MacroObservation(ContractRecord.CURRENT_SCHEMA_VERSION, series.seriesId(), series.alias(), date, value, SOURCE, start, end);
    }

    private static LocalDate date(JsonNode row, String field) {
        JsonNode node = row.get(field);
        if (node == null || !node.isTextual()) {
            throw new IllegalArgumentException(field + " is missing");
        }
        try {
            return LocalDate.parse(node.asText());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(field + " '" + node.asText() + "' is not a date");
        }
    }
}
