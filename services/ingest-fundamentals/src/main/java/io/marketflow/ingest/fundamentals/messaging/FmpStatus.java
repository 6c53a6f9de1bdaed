package io.marketflow.ingest.fundamentals.messaging;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * FMP's state as the refresher last saw it, for health and metrics: gauge {@code marketflow_fundamentals_fmp_status}
 * is 1 for the current {@code state} tag and 0 for the others.
 */
@ApplicationScoped
public class FmpStatus {

    /** Gauge name; tag {@code state}. */
    public static final String STATUS = "marketflow.fundamentals.fmp.status";

    /** What FMP is doing. */
    public enum State {
        /** Mode {@code off}. */
        OFF,
        /** No fetch finished yet. */
        STARTING,
        /** The last fetch worked. */
        OK,
        /** The legacy v3 answer: the plan cannot read this endpoint; paused until the next refresh. */
        LEGACY_ENDPOINT,
        /** The day's request budget is spent; paused until the next UTC day. */
        DAILY_LIMIT,
        /** 429/5xx/I-O outlasted the retries. */
        FAILING
    }

    private final Map<State, AtomicInteger> gauges = new EnumMap<>(State.class);
    private volatile State state = State.STARTING;
    private volatile String lastError;
    private volatile Instant pausedUntil = Instant.MIN;
    private volatile String mode = "";

    public FmpStatus(MeterRegistry registry) {
        for (State each : State.values()) {
            gauges.put(each, registry.gauge(STATUS, io.micrometer.core.instrument.Tags.of("state", each.name().toLowerCase()), new AtomicInteger()));
        }
        set(State.STARTING, null);
    }

    /**
     * @param newState the state now
     * @param error why, for a failure state
     */
    public void set(State newState, String error) {
        state = newState;
        lastError = error;
        gauges.forEach((each, gauge) -> gauge.set(each == newState ? 1 : 0));
    }

    /** @return the state now */
    public State state() {
        return state;
    }

    /** @return the last failure's message, or null */
    public String lastError() {
        return lastError;
    }

    /** @return until when FMP is not called */
    public Instant pausedUntil() {
        return pausedUntil;
    }

    /** @param until until when FMP is not called */
    public void pauseUntil(Instant until) {
        pausedUntil = until;
    }

    /** @return {@code live}, {@code recorded} or {@code off} */
    public String mode() {
        return mode;
    }

    /** @param mode the resolved mode */
    void mode(String mode) {
        this.mode = mode;
    }
}
