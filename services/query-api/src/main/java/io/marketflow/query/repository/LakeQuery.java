package io.marketflow.query.repository;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import io.marketflow.query.lake.LakeColumn;
import io.marketflow.query.lake.LakeDataset;
import io.marketflow.query.lake.PartitionFilter;

/**
 * One query over the lake, built by the resources from validated parameters only: which datasets (read together),
 * which partitions, the row conditions (SQL over catalog column names with {@code ?} parameters), an optional
 * "latest version per key" rule, the sort key that is also the page cursor, and the page size.
 *
 * @param datasets datasets read together (same columns); with more than one a {@code kafka_topic} column tells them apart
 * @param filter partition values and date range: which objects are read
 * @param conditions row conditions, ANDed
 * @param latest keep only the newest row per key (vintages, restatements), applied after the conditions
 * @param keys the sort key, unique per row; also what a cursor holds
 * @param after the cursor's values: rows strictly after them; empty for the first page
 * @param limit page size, empty for an export of every row
 */
public record LakeQuery(List<LakeDataset> datasets, PartitionFilter filter, List<Condition> conditions, Optional<Latest> latest,
                        List<LakeColumn> keys, List<Object> after, OptionalInt limit) {

    /** The column naming a row's dataset when a query reads several. */
    public static final LakeColumn KAFKA_TOPIC = new LakeColumn("kafka_topic", "VARCHAR");

    public LakeQuery {
        datasets = List.copyOf(datasets);
        conditions = List.copyOf(conditions);
        keys = List.copyOf(keys);
        after = List.copyOf(after);
    }

    /** @return true when rows carry the {@code kafka_topic} column */
    public boolean withTopic() {
        return datasets.size() > 1;
    }

    /** @return the output columns: the first dataset's (all share them), then {@code kafka_topic} when several are read */
    public List<LakeColumn> columns() {
        List<LakeColumn> columns = new java.util.ArrayList<>(datasets.get(0).columns());
        if (withTopic()) {
            columns.add(KAFKA_TOPIC);
        }
        return columns;
    }

    /**
     * A row condition.
     *
     * @param sql a boolean SQL expression over quoted catalog column names with {@code ?} placeholders
     * @param params the values of its placeholders, in order
     */
    public record Condition(String sql, List<Object> params) {
        public Condition {
            params = List.copyOf(params);
        }

        /**
         * @param sql an expression
         * @param params its parameters
         * @return the condition
         */
        public static Condition of(String sql, Object... params) {
            return new Condition(sql, List.of(params));
        }
    }

    /**
     * Keep the newest row per key: {@code row_number() OVER (PARTITION BY key ORDER BY newest DESC) = 1}.
     *
     * @param key the columns a version belongs to (e.g. the observation date)
     * @param newest the columns ordering versions, newest first (e.g. realtime_start)
     */
    public record Latest(List<LakeColumn> key, List<LakeColumn> newest) {
    }
}
