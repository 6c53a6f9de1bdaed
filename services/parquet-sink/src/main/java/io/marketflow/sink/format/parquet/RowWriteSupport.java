package io.marketflow.sink.format.parquet;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;

import io.marketflow.sink.domain.Column;
import io.marketflow.sink.domain.TableSchema;

/**
 * Writes one row ({@code Object[]} in {@link TableSchema} column order) through Parquet's record consumer; nulls are
 * simply absent fields. No Hadoop class is touched at run time.
 */
final class RowWriteSupport extends WriteSupport<Object[]> {

    private final TableSchema schema;
    private final MessageType messageType;
    private RecordConsumer consumer;

    RowWriteSupport(TableSchema schema) {
        this.schema = schema;
        this.messageType = ParquetSchemas.of(schema);
    }

    @Override
    public WriteContext init(Configuration configuration) {
        return new WriteContext(messageType, Map.of());
    }

    @Override
    public WriteContext init(ParquetConfiguration configuration) {
        // No extra key-value metadata: the file bytes depend only on the rows, which keeps replays byte-identical.
        return new WriteContext(messageType, Map.of());
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
        this.consumer = recordConsumer;
    }

    @Override
    public void write(Object[] row) {
        consumer.startMessage();
        List<Column> columns = schema.columns();
        for (int i = 0; i < columns.size(); i++) {
            Object value = row[i];
            if (value == null) {
                continue;
            }
            Column column = columns.get(i);
            consumer.startField(column.name(), i);
            writeValue(column, value);
            consumer.endField(column.name(), i);
        }
        consumer.endMessage();
    }

    private void writeValue(Column column, Object value) {
        switch (column.type()) {
            case STRING -> consumer.addBinary(Binary.fromString((String) value));
            case INT32 -> consumer.addInteger(((Number) value).intValue());
            case INT64 -> consumer.addLong(((Number) value).longValue());
            case DOUBLE -> consumer.addDouble(((Number) value).doubleValue());
            case BOOLEAN -> consumer.addBoolean((Boolean) value);
            case TIMESTAMP_MICROS -> consumer.addLong(micros((Instant) value));
            case DATE -> consumer.addInteger((int) ((LocalDate) value).toEpochDay());
            case STRING_LIST -> writeList((List<?>) value);
            case STRING_DOUBLE_MAP -> writeMap((Map<?, ?>) value);
        }
    }

    private void writeList(List<?> values) {
        consumer.startGroup();
        if (!values.isEmpty()) {
            consumer.startField("list", 0);
            for (Object element : values) {
                consumer.startGroup();
                if (element != null) {
                    consumer.startField("element", 0);
                    consumer.addBinary(Binary.fromString(element.toString()));
                    consumer.endField("element", 0);
                }
                consumer.endGroup();
            }
            consumer.endField("list", 0);
        }
        consumer.endGroup();
    }

    private void writeMap(Map<?, ?> values) {
        consumer.startGroup();
        if (!values.isEmpty()) {
            consumer.startField("key_value", 0);
            // Sorted keys: the same map always encodes to the same bytes (Map.copyOf has no stable order).
            for (Map.Entry<?, ?> entry : new TreeMap<>(values).entrySet()) {
                consumer.startGroup();
                consumer.startField("key", 0);
                consumer.addBinary(Binary.fromString(entry.getKey().toString()));
                consumer.endField("key", 0);
                if (entry.getValue() != null) {
                    consumer.startField("value", 1);
                    consumer.addDouble(((Number) entry.getValue()).doubleValue());
                    consumer.endField("value", 1);
                }
                consumer.endGroup();
            }
            consumer.endField("key_value", 0);
        }
        consumer.endGroup();
    }

    private static long micros(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000L);
    }
}
