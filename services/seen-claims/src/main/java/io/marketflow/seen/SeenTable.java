package io.marketflow.seen;

import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Where one kind of item's claims live: a table keyed by (namespace, id) with {@code state} ('pending' | 'sent') and
 * {@code claimed_at}, plus the item's own columns (registry migrations V6, V7 and V9 create them).
 *
 * @param table the table, e.g. {@code news_seen}
 * @param namespaceColumn the namespace column: the provider live, {@code <provider>-run-<digest>} for a recorded run
 * @param idColumn the item's id column
 * @param columns the item's other columns, in the order of {@code values}
 * @param refreshed those of {@code columns} a stale claim's taker writes again (e.g. the ticker it found the item under)
 * @param id the item's id
 * @param values the item's values of {@code columns}
 * @param <T> the item
 */
public record SeenTable<T>(String table, String namespaceColumn, String idColumn, List<String> columns, List<String> refreshed,
        Function<T, String> id, Function<T, List<Object>> values) {

    /**
     * @throws IllegalArgumentException when a refreshed column is not one of {@code columns}
     */
    public SeenTable {
        columns = List.copyOf(columns);
        refreshed = List.copyOf(refreshed);
        if (!columns.containsAll(refreshed)) {
            throw new IllegalArgumentException("refreshed columns " + refreshed + " are not all in " + columns);
        }
    }

    /**
     * One atomic statement per item: inserts a pending claim, or takes over a pending claim older than the last
     * parameter (seconds); an item already sent or claimed recently returns no row.
     *
     * @return the claim statement: $1 namespace, $2 id, then {@code columns}, then the stale age in seconds
     */
    String claimSql() {
        int n = columns.size();
        String names = columns.isEmpty() ? "" : ", " + String.join(", ", columns);
        String params = IntStream.rangeClosed(3, n + 2).mapToObj(i -> ", $" + i).collect(Collectors.joining());
        String updates = refreshed.stream().map(c -> ", " + c + " = EXCLUDED." + c).collect(Collectors.joining());
        return "INSERT INTO " + table + " (" + namespaceColumn + ", " + idColumn + names + ", state, claimed_at)"
                + " VALUES ($1, $2" + params + ", 'pending', now())"
                + " ON CONFLICT (" + namespaceColumn + ", " + idColumn + ") DO UPDATE SET claimed_at = now()" + updates
                + " WHERE " + table + ".state = 'pending' AND " + table + ".claimed_at < now() - make_interval(secs => $" + (n + 3) + ")"
                + " RETURNING " + idColumn;
    }
}
