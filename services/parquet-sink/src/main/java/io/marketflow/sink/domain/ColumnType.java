package io.marketflow.sink.domain;

/**
 * The column types a dataset schema may use; each maps to one Parquet physical + logical type in {@code format/parquet}.
 */
public enum ColumnType {
    /** UTF-8 text: BINARY (STRING). */
    STRING,
    /** INT32. */
    INT32,
    /** INT64. */
    INT64,
    /** IEEE double. */
    DOUBLE,
    /** BOOLEAN. */
    BOOLEAN,
    /** An {@link java.time.Instant}: INT64 TIMESTAMP(MICROS, isAdjustedToUTC=true), which DuckDB, Spark and pyarrow all read. */
    TIMESTAMP_MICROS,
    /** A {@link java.time.LocalDate}: INT32 DATE. */
    DATE,
    /** A {@code List<String>}: the standard three-level LIST of STRING. */
    STRING_LIST,
    /** A {@code Map<String, Double>}: the standard MAP of STRING to DOUBLE. */
    STRING_DOUBLE_MAP
}
