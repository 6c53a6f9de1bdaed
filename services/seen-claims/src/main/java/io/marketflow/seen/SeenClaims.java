package io.marketflow.seen;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The deduplication state of one kind of item in its {@link SeenTable}: an item is claimed ({@code pending}) before it
 * is published and confirmed ({@code sent}) after Kafka's ack, so instances sharing the database publish it once. Each
 * service's repository bean extends this with its table.
 *
 * @param <T> the item
 */
public class SeenClaims<T> {

    private final Pool pool;
    private final SeenTable<T> table;
    private final String claimSql;

    /**
     * @param pool the PostgreSQL pool
     * @param table where the claims live
     */
    public SeenClaims(Pool pool, SeenTable<T> table) {
        this.pool = pool;
        this.table = table;
        this.claimSql = table.claimSql();
    }

    /**
     * Claims items for publishing: one atomic statement per item, so of two instances claiming the same item exactly
     * one gets it. An item already sent, or pending under a claim younger than {@code staleAfter}, is not returned; a
     * pending claim older than that (its instance died before the ack) is taken over.
     *
     * @param namespace the provider namespace
     * @param items the candidates
     * @param staleAfter age after which a pending claim is taken over
     * @return the ids this caller claimed and must publish, then {@link #confirm} or {@link #release}
     */
    public Uni<Set<String>> claim(String namespace, List<T> items, Duration staleAfter) {
        if (items.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        double stale = staleAfter.toMillis() / 1000.0;
        List<Tuple> rows = items.stream().map(item -> {
            List<Object> values = new ArrayList<>();
            values.add(namespace);
            values.add(table.id().apply(item));
            values.addAll(table.values().apply(item));
            values.add(stale);
            return Tuple.from(values);
        }).toList();
        return pool.preparedQuery(claimSql).executeBatch(rows).map(SeenClaims::ids);
    }

    /**
     * Marks claimed items as sent, once Kafka acknowledged them.
     *
     * @param namespace the provider namespace
     * @param ids the acknowledged items
     * @return done
     */
    public Uni<Void> confirm(String namespace, List<String> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return pool.preparedQuery("UPDATE " + table.table() + " SET state = 'sent' WHERE " + table.namespaceColumn() + " = $1 AND "
                + table.idColumn() + " = ANY($2)").execute(Tuple.of(namespace, ids.toArray(new String[0]))).replaceWithVoid();
    }

    /**
     * Gives up claims whose publishing failed, so the next poll (of any instance) claims them again at once.
     *
     * @param namespace the provider namespace
     * @param ids the items not acknowledged
     * @return done
     */
    public Uni<Void> release(String namespace, List<String> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return pool.preparedQuery("DELETE FROM " + table.table() + " WHERE " + table.namespaceColumn() + " = $1 AND " + table.idColumn()
                + " = ANY($2) AND state = 'pending'").execute(Tuple.of(namespace, ids.toArray(new String[0]))).replaceWithVoid();
    }

    /**
     * @param namespace a provider namespace (tests)
     * @return rows deleted
     */
    public Uni<Integer> forget(String namespace) {
        return pool.preparedQuery("DELETE FROM " + table.table() + " WHERE " + table.namespaceColumn() + " = $1")
                .execute(Tuple.of(namespace)).map(RowSet::rowCount);
    }

    /**
     * @param prefix the start shared by the namespaces to drop (a provider's recorded runs)
     * @param keep the one namespace with that start to keep (the current run's)
     * @return rows deleted
     */
    public Uni<Integer> forgetOthers(String prefix, String keep) {
        String column = table.namespaceColumn();
        // left(...) rather than LIKE: a prefix is compared as it is, with no wildcard to escape.
        return pool.preparedQuery("DELETE FROM " + table.table() + " WHERE left(" + column + ", length($1)) = $1 AND " + column + " <> $2")
                .execute(Tuple.of(prefix, keep)).map(RowSet::rowCount);
    }

    /**
     * @param namespace a provider namespace
     * @return how many items it has claimed or published
     */
    public Uni<Long> count(String namespace) {
        return pool.preparedQuery("SELECT count(*) FROM " + table.table() + " WHERE " + table.namespaceColumn() + " = $1")
                .execute(Tuple.of(namespace)).map(rows -> rows.iterator().next().getLong(0));
    }

    private static Set<String> ids(RowSet<Row> first) {
        Set<String> ids = new HashSet<>();
        // A batch answers one row set per statement, chained.
        for (RowSet<Row> rows = first; rows != null; rows = rows.next()) {
            rows.forEach(row -> ids.add(row.getString(0)));
        }
        return ids;
    }
}
