package io.marketflow.ingest.fundamentals.client;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * FMP's daily request limit (free plan: 250 per UTC day), counted here so the service stops before FMP refuses it.
 */
public final class DailyBudget {

    private final int perDay;
    private final Clock clock;
    private LocalDate day;
    private int used;

    /**
     * @param perDay requests allowed per UTC day
     * @param clock the clock
     */
    public DailyBudget(int perDay, Clock clock) {
        this.perDay = perDay;
        this.clock = clock;
        this.day = today();
    }

    /**
     * @return true when a request may be sent now (and counts it)
     */
    public synchronized boolean tryAcquire() {
        rollOver();
        if (used >= perDay) {
            return false;
        }
        used++;
        return true;
    }

    /** Marks today's budget as spent (FMP said so before we counted it). */
    public synchronized void exhaust() {
        rollOver();
        used = perDay;
    }

    /**
     * @return requests left today
     */
    public synchronized int remaining() {
        rollOver();
        return perDay - used;
    }

    /**
     * @return when the budget is next refilled: the next UTC midnight
     */
    public Instant nextRefill() {
        return today().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    private void rollOver() {
        LocalDate now = today();
        if (!now.equals(day)) {
            day = now;
            used = 0;
        }
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }
}
