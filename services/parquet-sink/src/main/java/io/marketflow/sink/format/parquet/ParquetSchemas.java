package io.marketflow.sink.format.parquet;

import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

import io.marketflow.sink.domain.Column;
import io.marketflow.sink.domain.TableSchema;

/**
 * Maps a dataset's {@link TableSchema} to a Parquet {@link MessageType} with logical types that DuckDB, Spark and
 * pyarrow read without options: STRING, DATE, TIMESTAMP(MICROS, UTC), and the standard three-level LIST and MAP.
 */
public final class ParquetSchemas {

    private ParquetSchemas() {
    }

    /**
     * @param schema the dataset schema
     * @return the Parquet schema; every column optional (nullable)
     */
    public static MessageType of(TableSchema schema) {
        Types.MessageTypeBuilder message = Types.buildMessage();
        for (Column column : schema.columns()) {
            message.addField(field(column));
        }
        return message.named(schema.name());
    }

    private static Type field(Column column) {
        String name = column.name();
        return switch (column.type()) {
            case STRING -> Types.optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(name);
            case INT32 -> Types.optional(PrimitiveTypeName.INT32).named(name);
            case INT64 -> Types.optional(PrimitiveTypeName.INT64).named(name);
            case DOUBLE -> Types.optional(PrimitiveTypeName.DOUBLE).named(name);
            case BOOLEAN -> Types.optional(PrimitiveTypeName.BOOLEAN).named(name);
            case TIMESTAMP_MICROS -> Types.optional(PrimitiveTypeName.INT64)
                    .as(LogicalTypeAnnotation.timestampType(true, TimeUnit.MICROS)).named(name);
            case DATE -> Types.optional(PrimitiveTypeName.INT32).as(LogicalTypeAnnotation.dateType()).named(name);
            case STRING_LIST -> Types.optionalList()
                    .optionalElement(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType())
                    .named(name);
            case STRING_DOUBLE_MAP -> Types.optionalMap()
                    .key(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType())
                    .optionalValue(PrimitiveTypeName.DOUBLE)
                    .named(name);
        };
    }
}
