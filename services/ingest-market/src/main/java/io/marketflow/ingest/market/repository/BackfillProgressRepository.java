package io.marketflow.ingest.market.repository;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Reads and records the durable backfill progress ({@code backfill_progress}, migration V2 of the registry).
 */
@ApplicationScoped
public class BackfillProgressRepository {

    private final Pool pool;

    public BackfillProgressRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * @param source the provider
     * @return the last covered date of every completed (ticker, year, week) of that provider
     */
    public Uni<Map<WeekKey, LocalDate>> covered(String source) {
        return pool.preparedQuery("SELECT ticker, iso_year, iso_week, covered_through FROM backfill_progress WHERE source = $1")
                .execute(Tuple.of(source))
                .map(rows -> {
                    Map<WeekKey, LocalDate> covered = new HashMap<>();
                    rows.forEach(row -> covered.put(key(row), row.getLocalDate("covered_through")));
                    return covered;
                });
    }

    /**
     * Records that a ticker's week reached Kafka; a later, longer coverage of the same week replaces it.
     *
     * @param source the provider
     * @param key the ticker and week
     * @param coveredThrough the last date the message covered
     * @param bars bars sent
     * @param rejected bars dead-lettered
     * @return done
     */
    public Uni<Void> markDone(String source, WeekKey key, LocalDate coveredThrough, int bars, int rejected) {
        return pool.preparedQuery("""
                INSERT INTO backfill_progress (source, ticker, iso_year, iso_week, covered_through, bars, rejected)
                VALUES ($1, $2, $3, $4, $5, $6, $7)
                ON CONFLICT (source, ticker, iso_year, iso_week) DO UPDATE SET covered_through = EXCLUDED.covered_through,
                    bars = EXCLUDED.bars, rejected = EXCLUDED.rejected, completed_at = now()
                """)
                .execute(Tuple.from(new Object[] { source, key.ticker(), key.year(), key.week(), coveredThrough, bars, rejected }))
                .replaceWithVoid();
    }

    /**
     * Forgets a provider's progress (tests and a deliberate full re-run).
     *
     * @param source the provider
     * @return rows deleted
     */
    public Uni<Integer> reset(String source) {
        return pool.preparedQuery("DELETE FROM backfill_progress WHERE source = $1").execute(Tuple.of(source)).map(rows -> rows.rowCount());
    }

    /**
     * Drops the progress of every source starting with {@code prefix} except {@code keep}: the recorded runs other than
     * the current one, whose rows nothing reads again.
     *
     * @param prefix e.g. {@code alpaca-run-}
     * @param keep the current run's source
     * @return rows deleted
     */
    public Uni<Integer> forgetOthers(String prefix, String keep) {
        return pool.preparedQuery("DELETE FROM backfill_progress WHERE left(source, length($1)) = $1 AND source <> $2")
                .execute(Tuple.of(prefix, keep)).map(rows -> rows.rowCount());
    }

    private static WeekKey key(Row row) {
        return new WeekKey(row.getString("ticker"), row.getInteger("iso_year"), row.getInteger("iso_week"));
    }

    /**
     * @param ticker the ticker
     * @param year ISO week-based year
     * @param week ISO week
     */
    public record WeekKey(String ticker, int year, int week) {
    }
}
