package io.marketflow.query.lake;

/**
 * One column a dataset offers, with the DuckDB type it has in the lake (the sink's Parquet type, or the type its Hive
 * partition level is read as).
 *
 * @param name the column name as the sink writes it
 * @param type the DuckDB type, e.g. {@code TIMESTAMPTZ} for the sink's {@code TIMESTAMP(MICROS, UTC)}
 */
public record LakeColumn(String name, String type) {

    /** @return the column as a quoted SQL identifier (names come from this catalog, never from a request) */
    public String quoted() {
        return '"' + name.replace("\"", "\"\"") + '"';
    }
}
