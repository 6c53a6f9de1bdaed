package io.marketflow.query.repository;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import io.marketflow.query.lake.LakeColumn;
import io.marketflow.query.lake.LakeDataset;
import io.marketflow.query.lake.LakeFiles;

/**
 * The DuckDB SQL of a {@link LakeQuery} and its parameters. Identifiers come from the catalog and conditions from the
 * resources' code; every value a request carries, and the file list, is a parameter.
 *
 * @param sql the statement
 * @param params its parameters in order; a {@code List<String>} is bound as {@code VARCHAR[]}
 */
public record LakeSql(String sql, List<Object> params) {

    /**
     * @param query the query
     * @param files its files per dataset
     * @return the SELECT
     */
    public static LakeSql select(LakeQuery query, LakeFiles files) {
        List<Object> params = new ArrayList<>();
        // Every branch projects its dataset's columns in catalog order, so UNION ALL lines them up.
        StringBuilder sql = new StringBuilder("SELECT * FROM (SELECT * FROM (");
        boolean first = true;
        for (LakeDataset dataset : query.datasets()) {
            if (!first) {
                sql.append(" UNION ALL ");
            }
            first = false;
            List<String> paths = files.paths(dataset);
            String projection = dataset.columns().stream()
                    .map(c -> (paths.isEmpty() ? "CAST(NULL AS " : "CAST(" + c.quoted() + " AS ") + c.type() + ") AS " + c.quoted())
                    .collect(Collectors.joining(", "));
            sql.append("SELECT ").append(projection);
            if (query.withTopic()) {
                sql.append(", CAST(? AS VARCHAR) AS ").append(LakeQuery.KAFKA_TOPIC.quoted());
                params.add(dataset.topic());
            }
            if (paths.isEmpty()) {
                // No object in range: an empty relation of the same columns and types.
                sql.append(" WHERE false");
            } else {
                sql.append(" FROM read_parquet(?::VARCHAR[], hive_partitioning = true, union_by_name = true, hive_types = ")
                        .append(dataset.hiveTypesSql()).append(')');
                params.add(paths);
            }
        }
        sql.append(") src");
        if (!query.conditions().isEmpty()) {
            sql.append(" WHERE ");
            sql.append(query.conditions().stream().map(c -> "(" + c.sql() + ")").collect(Collectors.joining(" AND ")));
            query.conditions().forEach(c -> params.addAll(c.params()));
        }
        query.latest().ifPresent(latest -> {
            List<String> newest = new ArrayList<>();
            latest.newest().forEach(c -> newest.add(c.quoted() + " DESC NULLS LAST"));
            // Ties (the same version stored twice, e.g. in two topics) are broken the same way every time.
            for (LakeColumn c : tieBreak(query)) {
                newest.add(c.quoted() + " DESC");
            }
            sql.append(" QUALIFY row_number() OVER (PARTITION BY ")
                    .append(latest.key().stream().map(LakeColumn::quoted).collect(Collectors.joining(", ")))
                    .append(" ORDER BY ").append(String.join(", ", newest)).append(") = 1");
        });
        sql.append(") q");
        if (!query.after().isEmpty()) {
            String keys = query.keys().stream().map(LakeColumn::quoted).collect(Collectors.joining(", "));
            String marks = query.keys().stream().map(c -> "?").collect(Collectors.joining(", "));
            sql.append(" WHERE (").append(keys).append(") > (").append(marks).append(')');
            params.addAll(query.after());
        }
        sql.append(" ORDER BY ").append(query.keys().stream().map(LakeColumn::quoted).collect(Collectors.joining(", ")));
        if (query.limit().isPresent()) {
            sql.append(" LIMIT ?");
            params.add(query.limit().getAsInt());
        }
        return new LakeSql(sql.toString(), params);
    }

    private static List<LakeColumn> tieBreak(LakeQuery query) {
        List<LakeColumn> columns = new ArrayList<>();
        if (query.withTopic()) {
            columns.add(LakeQuery.KAFKA_TOPIC);
        }
        query.datasets().get(0).column("kafka_partition").ifPresent(columns::add);
        query.datasets().get(0).column("kafka_offset").ifPresent(columns::add);
        return columns;
    }
}
