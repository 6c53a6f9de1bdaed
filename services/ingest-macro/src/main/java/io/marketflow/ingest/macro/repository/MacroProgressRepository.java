package io.marketflow.ingest.macro.repository;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.marketflow.contract.ContractRecord;
import io.marketflow.contract.MacroObservation;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The durable progress of the macro ingest (registry migration V3): vintages the broker acknowledged per topic, the
 * state of each series, and the policy events sent.
 */
@ApplicationScoped
public class MacroProgressRepository {

    private final Pool pool;

    public MacroProgressRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * @param topic topic
     * @param source provider
     * @param seriesId series
     * @return the vintages of that series already acknowledged on that topic
     */
    public Uni<Set<VintageKey>> sent(String topic, String source, String seriesId) {
        return pool.preparedQuery("SELECT obs_date, realtime_start, realtime_end FROM macro_sent WHERE topic = $1 AND source = $2 AND series_id = $3")
                .execute(Tuple.of(topic, source, seriesId))
                .map(rows -> {
                    Set<VintageKey> keys = new HashSet<>();
                    rows.forEach(row -> keys.add(new VintageKey(row.getLocalDate("obs_date"), row.getLocalDate("realtime_start"),
                            row.getLocalDate("realtime_end"))));
                    return keys;
                });
    }

    /**
     * Records that the broker acknowledged a vintage on a topic.
     *
     * @param topic topic
     * @param observation the vintage
     * @return done
     */
    public Uni<Void> markSent(String topic, MacroObservation observation) {
        VintageKey key = VintageKey.of(observation);
        return pool.preparedQuery("""
                INSERT INTO macro_sent (topic, source, series_id, obs_date, realtime_start, realtime_end, value)
                VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING
                """)
                .execute(Tuple.from(new Object[] { topic, observation.source(), observation.seriesId(), key.date(), key.realtimeStart(),
                        key.realtimeEnd(), observation.value() }))
                .replaceWithVoid();
    }

    /**
     * @param topic topic
     * @param source provider
     * @param seriesId series
     * @param alias alias to put on the records
     * @return the vintages sent open and not closed since, by observation date
     */
    public Uni<Map<LocalDate, MacroObservation>> open(String topic, String source, String seriesId, String alias) {
        return pool.preparedQuery("""
                SELECT obs_date, realtime_start, value FROM macro_sent o
                WHERE topic = $1 AND source = $2 AND series_id = $3 AND realtime_end = DATE '9999-12-31'
                  AND NOT EXISTS (SELECT 1 FROM macro_sent c WHERE c.topic = o.topic AND c.source = o.source AND c.series_id = o.series_id
                                  AND c.obs_date = o.obs_date AND c.realtime_start = o.realtime_start AND c.realtime_end <> DATE '9999-12-31')
                """)
                .execute(Tuple.of(topic, source, seriesId))
                .map(rows -> {
                    Map<LocalDate, MacroObservation> open = new HashMap<>();
                    rows.forEach(row -> {
                        MacroObservation o = new MacroObservation(ContractRecord.CURRENT_SCHEMA_VERSION, seriesId, alias, row.getLocalDate("obs_date"),
                                row.getDouble("value"), source, row.getLocalDate("realtime_start"), null);
                        open.merge(o.date(), o, (a, b) -> a.realtimeStart().isAfter(b.realtimeStart()) ? a : b);
                    });
                    return open;
                });
    }

    /**
     * @param source provider
     * @param seriesId series
     * @return its state, empty when never seen
     */
    public Uni<Optional<SeriesState>> state(String source, String seriesId) {
        return pool.preparedQuery("SELECT backfill_done, stream_since FROM macro_series_state WHERE source = $1 AND series_id = $2")
                .execute(Tuple.of(source, seriesId))
                .map(rows -> {
                    var it = rows.iterator();
                    if (!it.hasNext()) {
                        return Optional.empty();
                    }
                    Row row = it.next();
                    return Optional.of(new SeriesState(row.getBoolean("backfill_done"), row.getLocalDate("stream_since")));
                });
    }

    /**
     * @param source provider
     * @param seriesId series
     * @param backfillDone whether the backfill completed
     * @param streamSince first day of the stream, or null
     * @return done
     */
    public Uni<Void> saveState(String source, String seriesId, boolean backfillDone, LocalDate streamSince) {
        return pool.preparedQuery("""
                INSERT INTO macro_series_state (source, series_id, backfill_done, stream_since, last_fetch_at) VALUES ($1, $2, $3, $4, now())
                ON CONFLICT (source, series_id) DO UPDATE SET backfill_done = EXCLUDED.backfill_done,
                    stream_since = COALESCE(macro_series_state.stream_since, EXCLUDED.stream_since), last_fetch_at = now()
                """)
                .execute(Tuple.of(source, seriesId, backfillDone, streamSince))
                .replaceWithVoid();
    }

    /**
     * @return the policy events sent, as {@code type|day}
     */
    public Uni<Set<String>> policySent() {
        return pool.query("SELECT event_type, effective_day FROM macro_policy_sent").execute()
                .map(rows -> {
                    Set<String> keys = new HashSet<>();
                    rows.forEach(row -> keys.add(row.getString("event_type") + "|" + row.getLocalDate("effective_day")));
                    return keys;
                });
    }

    /**
     * @param type event type
     * @param day effective day (New York)
     * @return done
     */
    public Uni<Void> markPolicySent(String type, LocalDate day) {
        return pool.preparedQuery("INSERT INTO macro_policy_sent (event_type, effective_day) VALUES ($1, $2) ON CONFLICT DO NOTHING")
                .execute(Tuple.of(type, day)).replaceWithVoid();
    }

    /**
     * Forgets everything (tests, or a deliberate full re-run).
     *
     * @return done
     */
    public Uni<Void> reset() {
        return pool.query("TRUNCATE macro_sent, macro_series_state, macro_policy_sent").execute().replaceWithVoid();
    }

    /**
     * A vintage's identity; an open end is stored as 9999-12-31.
     *
     * @param date observation date
     * @param realtimeStart first day known
     * @param realtimeEnd last day current, 9999-12-31 when open
     */
    public record VintageKey(LocalDate date, LocalDate realtimeStart, LocalDate realtimeEnd) {

        /**
         * @param o a vintage
         * @return its key
         */
        public static VintageKey of(MacroObservation o) {
            return new VintageKey(o.date(), o.realtimeStart(), o.realtimeEnd() == null ? MacroObservation.OPEN_END : o.realtimeEnd());
        }
    }

    /**
     * @param backfillDone whether the backfill completed
     * @param streamSince first day of the stream, or null
     */
    public record SeriesState(boolean backfillDone, LocalDate streamSince) {
    }
}
