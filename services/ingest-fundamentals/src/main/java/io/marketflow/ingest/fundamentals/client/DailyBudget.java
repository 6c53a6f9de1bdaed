package io.marketflow.ingest.fundamentals.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

import io.marketflow.ingest.fundamentals.repository.RequestBudgetRepository;
import io.quarkus.logging.Log;

/**
 * FMP's daily request limit (free plan: 250 per day), counted in PostgreSQL before each request is sent, so the
 * service stops before FMP refuses it, and a restart neither forgets nor re-spends what the day already used.
 */
public final class DailyBudget {

    private static final Duration DB_TIMEOUT = Duration.ofSeconds(10);

    private final String provider;
    private final int perDay;
    private final ZoneId zone;
    private final Clock clock;
    private final RequestBudgetRepository store;

    /**
     * @param provider the budget's name in PostgreSQL (the record source: recorded replays have a budget of their own)
     * @param perDay requests allowed per day
     * @param zone where the provider's day begins (its reset is at midnight there)
     * @param clock the clock
     * @param store where the count lives
     */
    public DailyBudget(String provider, int perDay, ZoneId zone, Clock clock, RequestBudgetRepository store) {
        this.provider = provider;
        this.perDay = perDay;
        this.zone = zone;
        this.clock = clock;
        this.store = store;
    }

    /**
     * Counts one request before it is sent: a crash after this but before the request over-counts by one, never under.
     *
     * @return true when a request may be sent now
     * @throws FmpException of kind {@code UNAVAILABLE} when PostgreSQL cannot be reached (no request is sent uncounted)
     */
    public boolean tryAcquire() {
        try {
            return store.tryReserve(provider, today(), perDay).await().atMost(DB_TIMEOUT);
        } catch (RuntimeException e) {
            throw new FmpException(FmpException.Kind.UNAVAILABLE, "request budget not readable in PostgreSQL: " + e.getMessage());
        }
    }

    /** Marks today's budget as spent (FMP said so before we counted it). */
    public void exhaust() {
        try {
            store.exhaust(provider, today(), perDay).await().atMost(DB_TIMEOUT);
        } catch (RuntimeException e) {
            // The pause in memory still holds until the reset; only a restart before it would ask FMP once more.
            Log.warnf("[budget] - could not store the spent %s budget: %s", provider, e.getMessage());
        }
    }

    /**
     * @return requests allowed per day
     */
    public int perDay() {
        return perDay;
    }

    /**
     * @return when the budget is next refilled: the next midnight in the provider's zone
     */
    public Instant nextRefill() {
        return today().plusDays(1).atStartOfDay(zone).toInstant();
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), zone);
    }
}
