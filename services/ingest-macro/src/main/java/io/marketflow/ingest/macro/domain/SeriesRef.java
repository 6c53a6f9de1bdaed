package io.marketflow.ingest.macro.domain;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A provider series and the alias it is published under (the Kafka key).
 *
 * @param seriesId the provider's id, e.g. {@code GDPC1}
 * @param alias the alias, e.g. {@code gdp_real}
 */
public record SeriesRef(String seriesId, String alias) {

    /**
     * Parses {@code ID:alias} entries, naming the configuration key in every error.
     *
     * @param key the configuration key, for the message
     * @param entries the entries
     * @return the series, in order
     * @throws IllegalArgumentException on a malformed entry, a duplicate id or alias, or an empty list
     */
    public static List<SeriesRef> parse(String key, List<String> entries) {
        List<SeriesRef> series = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        Set<String> aliases = new HashSet<>();
        for (String entry : entries) {
            String[] parts = entry.trim().split(":");
            if (parts.length != 2 || !parts[0].matches("[A-Za-z0-9._]{1,40}") || !parts[1].matches("[a-z0-9_]{1,40}")) {
                throw new IllegalArgumentException(key + ": '" + entry + "' is not SERIES_ID:alias (alias in lower case, letters, digits, _)");
            }
            if (!ids.add(parts[0]) || !aliases.add(parts[1])) {
                throw new IllegalArgumentException(key + ": '" + entry + "' repeats a series id or an alias");
            }
            series.add(new SeriesRef(parts[0], parts[1]));
        }
        if (series.isEmpty()) {
            throw new IllegalArgumentException(key + ": at least one series is needed");
        }
        return List.copyOf(series);
    }
}
