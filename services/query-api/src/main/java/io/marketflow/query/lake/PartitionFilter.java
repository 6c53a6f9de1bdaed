package io.marketflow.query.lake;

import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;

/**
 * What a request fixes of a dataset's Hive levels: exact values of some levels (a ticker, an alias, a keyword), and a
 * date range that bounds the {@code date} and {@code year} levels. The range is a superset of the rows wanted (the
 * query's WHERE on the event time is exact); it only decides which objects are listed and read.
 *
 * @param equal level → its one value, e.g. {@code ticker → AAPL}
 * @param fromDate first date whose partitions may hold rows, inclusive
 * @param toDate last such date, inclusive
 */
public record PartitionFilter(Map<String, String> equal, Optional<LocalDate> fromDate, Optional<LocalDate> toDate) {

    public PartitionFilter {
        equal = Map.copyOf(equal);
    }

    /**
     * @param equal levels fixed to one value
     * @return a filter without a date range
     */
    public static PartitionFilter of(Map<String, String> equal) {
        return new PartitionFilter(equal, Optional.empty(), Optional.empty());
    }

    /**
     * @param equal levels fixed to one value
     * @param from first date, inclusive
     * @param to last date, inclusive
     * @return a filter with a date range
     */
    public static PartitionFilter of(Map<String, String> equal, LocalDate from, LocalDate to) {
        return new PartitionFilter(equal, Optional.of(from), Optional.of(to));
    }

    /**
     * @param level a Hive level
     * @return true when this filter narrows it
     */
    boolean constrains(String level) {
        return equal.containsKey(level) || (fromDate.isPresent() && (PartitionPruner.DATE.equals(level) || PartitionPruner.YEAR.equals(level)));
    }

    /**
     * @param level a Hive level
     * @param value a value found in a path (unescaped)
     * @return true when a partition of that value may hold wanted rows
     */
    boolean admits(String level, String value) {
        String fixed = equal.get(level);
        if (fixed != null) {
            return fixed.equals(value);
        }
        if (fromDate.isEmpty()) {
            return true;
        }
        try {
            if (PartitionPruner.DATE.equals(level)) {
                LocalDate d = LocalDate.parse(value);
                return !d.isBefore(fromDate.get()) && !d.isAfter(toDate.get());
            }
            if (PartitionPruner.YEAR.equals(level)) {
                int y = Integer.parseInt(value);
                return y >= fromDate.get().getYear() && y <= toDate.get().getYear();
            }
        } catch (RuntimeException e) {
            // A value the sink would not write (e.g. Hive's null partition): keep it, the WHERE decides.
            return true;
        }
        return true;
    }
}
