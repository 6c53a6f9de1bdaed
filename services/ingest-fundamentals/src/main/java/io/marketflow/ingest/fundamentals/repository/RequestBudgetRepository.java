package io.marketflow.ingest.fundamentals.repository;

import java.time.LocalDate;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Requests spent per provider and budget day ({@code provider_request_budget}, registry migration V8): the daily limit
 * is counted in PostgreSQL, so a restart neither forgets what was spent nor spends it again.
 */
@ApplicationScoped
public class RequestBudgetRepository {

    private final Pool pool;

    public RequestBudgetRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * Takes one request from the day's budget, atomically: two replicas sharing a key cannot both take the last one.
     *
     * @param provider the provider (a record source, so recorded replays do not spend the live budget)
     * @param day the budget day
     * @param limit requests allowed that day
     * @return true when the request may be sent (and is counted), false when the day's budget is spent
     */
    public Uni<Boolean> tryReserve(String provider, LocalDate day, int limit) {
        return pool.preparedQuery("""
                INSERT INTO provider_request_budget (provider, day, used) VALUES ($1, $2, 1)
                ON CONFLICT (provider, day) DO UPDATE SET used = provider_request_budget.used + 1, updated_at = now()
                WHERE provider_request_budget.used < $3
                RETURNING used
                """)
                .execute(Tuple.of(provider, day, limit))
                .map(rows -> rows.rowCount() == 1 && rows.iterator().next().getInteger("used") <= limit);
    }

    /**
     * Marks the day's budget as spent: the provider said so before we counted it (another client on the same key).
     *
     * @param provider the provider
     * @param day the budget day
     * @param limit requests allowed that day
     * @return done
     */
    public Uni<Void> exhaust(String provider, LocalDate day, int limit) {
        return pool.preparedQuery("""
                INSERT INTO provider_request_budget (provider, day, used) VALUES ($1, $2, $3)
                ON CONFLICT (provider, day) DO UPDATE SET used = GREATEST(provider_request_budget.used, EXCLUDED.used), updated_at = now()
                """)
                .execute(Tuple.of(provider, day, limit))
                .replaceWithVoid();
    }

    /**
     * @param provider the provider
     * @param day the budget day
     * @return requests counted that day (0 when none)
     */
    public Uni<Integer> used(String provider, LocalDate day) {
        return pool.preparedQuery("SELECT used FROM provider_request_budget WHERE provider = $1 AND day = $2")
                .execute(Tuple.of(provider, day))
                .map(rows -> rows.rowCount() == 0 ? 0 : rows.iterator().next().getInteger("used"));
    }

    /**
     * Forgets a provider's counts (tests).
     *
     * @param provider the provider
     * @return done
     */
    public Uni<Void> reset(String provider) {
        return pool.preparedQuery("DELETE FROM provider_request_budget WHERE provider = $1").execute(Tuple.of(provider)).replaceWithVoid();
    }
}
