package io.marketflow.sink.domain;

/**
 * One nullable column of a dataset's file schema.
 *
 * @param name the column name (snake_case, as the contract's JSON)
 * @param type its type
 */
public record Column(String name, ColumnType type) {
}
