package io.marketflow.query.lake;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Where and how the sink stores one raw topic (the same defaults as the parquet-sink's {@code DatasetCatalog}), and the
 * columns a query over it returns.
 *
 * @param topic the raw topic, which is also the dataset's name in the API
 * @param bucket the bucket (S3) or the topic folder (local storage)
 * @param prefix key prefix inside the bucket, without slashes at either end; empty for none
 * @param partitionBy the Hive partition levels, outermost first
 * @param columns every column a row has: the record's fields, the partition-only levels, then the Kafka coordinates
 * @param timeColumn the event time column ranges and freshness are measured on
 */
public record LakeDataset(String topic, String bucket, String prefix, List<String> partitionBy, List<LakeColumn> columns, String timeColumn) {

    public LakeDataset {
        partitionBy = List.copyOf(partitionBy);
        columns = List.copyOf(columns);
        prefix = trimSlashes(prefix == null ? "" : prefix);
    }

    /**
     * @param bucket another bucket
     * @param prefix another prefix
     * @return this dataset stored elsewhere
     */
    public LakeDataset at(String bucket, String prefix) {
        return new LakeDataset(topic, bucket, prefix, partitionBy, columns, timeColumn);
    }

    /** @return the key prefix of the dataset's root, empty or ending with a slash */
    public String root() {
        return prefix.isEmpty() ? "" : prefix + '/';
    }

    /**
     * @param name a column name
     * @return the column, empty when the dataset has none of that name
     */
    public Optional<LakeColumn> column(String name) {
        return columns.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /**
     * @return DuckDB's {@code hive_types} argument: each partition level's lake type, so {@code year=2026} is an
     *         INTEGER and {@code date=…} a DATE whatever DuckDB would guess from the path
     */
    public String hiveTypesSql() {
        return partitionBy.stream()
                .map(level -> "'" + level + "': " + column(level).map(LakeColumn::type).orElse("VARCHAR"))
                .collect(Collectors.joining(", ", "{", "}"));
    }

    /** @return partition level → lake type */
    public Map<String, String> hiveTypes() {
        return partitionBy.stream().collect(Collectors.toMap(l -> l, l -> column(l).map(LakeColumn::type).orElse("VARCHAR")));
    }

    private static String trimSlashes(String value) {
        String result = value;
        while (result.startsWith("/")) {
            result = result.substring(1);
        }
        while (result.endsWith("/")) {
            result = result.substring(0, result.length() - 1);
        }
        return result;
    }
}
