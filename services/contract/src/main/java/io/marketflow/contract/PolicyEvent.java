package io.marketflow.contract;

import java.time.Instant;
import java.util.Objects;

/**
 * A monetary-policy event (an FOMC rate decision, a statement); topic {@link Topics#MACRODATA}, key = event type.
 *
 * @param schemaVersion see {@link ContractRecord}
 * @param eventType e.g. {@code fomc_decision}
 * @param effectiveAt when the event became public, UTC
 * @param title a short title
 * @param targetRateLower lower bound of the target rate after the event, percent
 * @param targetRateUpper upper bound of the target rate after the event, percent
 * @param source provider: {@code fed}, {@code fred}
 */
public record PolicyEvent(
        int schemaVersion,
        String eventType,
        Instant effectiveAt,
        String title,
        Double targetRateLower,
        Double targetRateUpper,
        String source) implements ContractRecord {

    public PolicyEvent {
        Objects.requireNonNull(eventType, "eventType");
        Objects.requireNonNull(effectiveAt, "effectiveAt");
    }
}
