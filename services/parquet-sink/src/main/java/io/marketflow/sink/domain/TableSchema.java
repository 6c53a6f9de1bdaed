package io.marketflow.sink.domain;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The ordered columns of one dataset's Parquet files: the record's fields minus the Hive partition fields, plus the
 * two Kafka coordinate columns that let anyone verify exactly-once.
 *
 * @param name the schema (message) name
 * @param columns the columns in file order
 */
public record TableSchema(String name, List<Column> columns) {

    /** Kafka partition of the record a row came from. */
    public static final String KAFKA_PARTITION = "kafka_partition";
    /** Kafka offset of the record a row came from. */
    public static final String KAFKA_OFFSET = "kafka_offset";

    public TableSchema {
        columns = List.copyOf(columns);
    }

    /**
     * @param name the schema name
     * @param fields every field of the record type
     * @param partitionFields fields that become path levels and so leave the file
     * @return the file schema
     */
    public static TableSchema of(String name, List<Column> fields, Collection<String> partitionFields) {
        List<Column> columns = new ArrayList<>();
        for (Column field : fields) {
            if (!partitionFields.contains(field.name())) {
                columns.add(field);
            }
        }
        columns.add(new Column(KAFKA_PARTITION, ColumnType.INT32));
        columns.add(new Column(KAFKA_OFFSET, ColumnType.INT64));
        return new TableSchema(name, columns);
    }

    /** @return the number of columns */
    public int width() {
        return columns.size();
    }
}
