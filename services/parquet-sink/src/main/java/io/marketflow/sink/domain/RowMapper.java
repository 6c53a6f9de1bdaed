package io.marketflow.sink.domain;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * One record type's flat row, declared once: each slot names a file column (or a partition-only value) together with
 * how its value is taken from the record, so the columns, the slot order and the rows all come from the same list and
 * cannot drift apart.
 *
 * @param <T> what a row is taken from (a contract record, or a bar with its week)
 */
final class RowMapper<T> {

    private final List<Column> fields;
    private final Map<String, Integer> slots;
    // An array, not a list: row() runs for every record.
    private final Function<? super T, ?>[] values;

    @SuppressWarnings("unchecked")
    private RowMapper(List<Slot<T>> declared) {
        List<Column> columns = new ArrayList<>();
        Map<String, Integer> index = new HashMap<>();
        values = new Function[declared.size()];
        for (int i = 0; i < declared.size(); i++) {
            Slot<T> slot = declared.get(i);
            if (index.putIfAbsent(slot.name(), i) != null) {
                throw new IllegalArgumentException("slot '" + slot.name() + "' is declared twice");
            }
            if (slot.type() != null) {
                // Columns first, so that a row's first fields().size() slots are its file columns in file order.
                if (columns.size() != i) {
                    throw new IllegalArgumentException("column '" + slot.name() + "' is declared after a partition-only slot");
                }
                columns.add(new Column(slot.name(), slot.type()));
            }
            values[i] = slot.value();
        }
        this.fields = List.copyOf(columns);
        this.slots = Map.copyOf(index);
    }

    /**
     * @param slots the row's slots in order: file columns in file order, then the partition-only values
     * @param <T> what a row is taken from
     * @return the mapper
     * @throws IllegalArgumentException when two slots have the same name, or a column follows a partition-only slot
     */
    @SafeVarargs
    static <T> RowMapper<T> of(Slot<T>... slots) {
        return new RowMapper<>(List.of(slots));
    }

    /**
     * @param name the column name
     * @param type its file type
     * @param value how its value is taken from the record (null for a null cell)
     * @param <T> what a row is taken from
     * @return a slot that is also a file column
     */
    static <T> Slot<T> column(String name, ColumnType type, Function<? super T, ?> value) {
        return new Slot<>(name, Objects.requireNonNull(type, "type"), value);
    }

    /**
     * @param name the name it is partitioned by
     * @param value how its value is derived from the record
     * @param <T> what a row is taken from
     * @return a slot offered only as a Hive partition level, not stored as a column
     */
    static <T> Slot<T> derived(String name, Function<? super T, ?> value) {
        return new Slot<>(name, null, value);
    }

    /**
     * @param record what the row is taken from
     * @return its values, one per slot in declaration order
     */
    Object[] row(T record) {
        Function<? super T, ?>[] values = this.values;
        Object[] row = new Object[values.length];
        // In declaration order, so that of two bad values the first one's exception is the one thrown.
        for (int i = 0; i < values.length; i++) {
            row[i] = values[i].apply(record);
        }
        return row;
    }

    /**
     * @param name a slot name
     * @return its index in {@link #row}'s arrays, -1 when there is none
     */
    int slot(String name) {
        Integer slot = slots.get(name);
        return slot != null ? slot : -1;
    }

    /** @return the length of {@link #row}'s arrays */
    int slotCount() {
        return values.length;
    }

    /** @return the slots that are file columns, in declaration order */
    List<Column> fields() {
        return fields;
    }

    /**
     * One value of a row.
     *
     * @param name the column or partition name
     * @param type the file column type; null for a partition-only value
     * @param value how the value is taken from the record
     * @param <T> what a row is taken from
     */
    record Slot<T>(String name, ColumnType type, Function<? super T, ?> value) {
        Slot {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
        }
    }
}
