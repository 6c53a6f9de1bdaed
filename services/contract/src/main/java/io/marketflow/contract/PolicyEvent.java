package io.marketflow.contract;

import java.time.Instant;
import java.util.Objects;

/**
 * A monetary-policy event (an FOMC rate decision, a scheduled meeting); topic {@link Topics#POLICY_EVENTS},
 * key = event type.
 *
 * @param schemaVersion see {@link ContractRecord}
 * @param eventType {@link #RATE_DECISION} or {@link #FOMC_MEETING}
 * @param effectiveAt when the event became public (or takes effect), UTC
 * @param title a short title
 * @param targetRateLower lower bound of the target range after the event, percent; null when the event sets none
 * @param targetRateUpper upper bound of the target range after the event, percent; null when the event sets none
 * @param source provider: {@code fred} (target range series), {@code fed} (the shipped FOMC calendar)
 * @param changeBps change of the target range in basis points (negative for a cut); null when the event sets none
 */
public record PolicyEvent(
        int schemaVersion,
        String eventType,
        Instant effectiveAt,
        String title,
        Double targetRateLower,
        Double targetRateUpper,
        String source,
        Integer changeBps) implements ContractRecord {

    /** A change of the federal funds target range. */
    public static final String RATE_DECISION = "rate_decision";
    /** A scheduled FOMC meeting (from the calendar the project ships). */
    public static final String FOMC_MEETING = "fomc_meeting";

    public PolicyEvent {
        Objects.requireNonNull(eventType, "eventType");
        Objects.requireNonNull(effectiveAt, "effectiveAt");
    }
}
