package io.marketflow.query.lake;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a {@link PartitionFilter} into the few key prefixes to list: a fixed level becomes {@code level=value/}, a date
 * range becomes its dates or years, and an unconstrained level above a constrained one is expanded by a delimiter listing
 * (trades' {@code source=} level). Only objects under the resulting prefixes are listed and read.
 */
public final class PartitionPruner {

    static final String DATE = "date";
    static final String YEAR = "year";
    /** Above this many dates a date level is expanded by listing it instead of enumerating every day of the range. */
    static final int MAX_ENUMERATED_DATES = 400;
    private static final String SPECIAL = "\"#%'*/:=?\\{[]^";
    private static final String HIVE_NULL = "__HIVE_DEFAULT_PARTITION__";

    private final LakeStorage storage;

    /**
     * @param storage where the lake is
     */
    public PartitionPruner(LakeStorage storage) {
        this.storage = storage;
    }

    /**
     * @param dataset a dataset
     * @param filter what the request fixes
     * @return the key prefixes (each ending with a slash, or the dataset's root) holding every object that may have wanted rows
     */
    public List<String> prefixes(LakeDataset dataset, PartitionFilter filter) {
        List<String> prefixes = List.of(dataset.root());
        List<String> levels = dataset.partitionBy();
        int lastConstrained = -1;
        for (int i = 0; i < levels.size(); i++) {
            if (filter.constrains(levels.get(i))) {
                lastConstrained = i;
            }
        }
        for (int i = 0; i <= lastConstrained; i++) {
            String level = levels.get(i);
            List<String> next = new ArrayList<>();
            String fixed = filter.equal().get(level);
            if (fixed != null) {
                prefixes.forEach(p -> next.add(p + level + '=' + escape(fixed) + '/'));
            } else if (YEAR.equals(level) && filter.fromDate().isPresent()) {
                for (int y = filter.fromDate().get().getYear(); y <= filter.toDate().get().getYear(); y++) {
                    int year = y;
                    prefixes.forEach(p -> next.add(p + level + '=' + year + '/'));
                }
            } else if (DATE.equals(level) && filter.fromDate().isPresent()
                    && ChronoUnit.DAYS.between(filter.fromDate().get(), filter.toDate().get()) < MAX_ENUMERATED_DATES) {
                for (LocalDate d = filter.fromDate().get(); !d.isAfter(filter.toDate().get()); d = d.plusDays(1)) {
                    LocalDate day = d;
                    prefixes.forEach(p -> next.add(p + level + '=' + day + '/'));
                }
            } else {
                // Not enumerable: list this level and keep the children the filter admits.
                for (String p : prefixes) {
                    for (String child : storage.childPrefixes(dataset.bucket(), p)) {
                        String segment = child.substring(p.length(), child.length() - 1);
                        int eq = segment.indexOf('=');
                        if (eq > 0 && segment.substring(0, eq).equals(level) && filter.admits(level, unescape(segment.substring(eq + 1)))) {
                            next.add(child);
                        }
                    }
                }
            }
            prefixes = next;
        }
        return prefixes;
    }

    /**
     * @param dataset a dataset
     * @param filter what the request fixes
     * @return every object of the dataset that may hold wanted rows, without compaction sources a merged file covers
     */
    public List<LakeObject> objects(LakeDataset dataset, PartitionFilter filter) {
        Map<String, LakeObject> byKey = new LinkedHashMap<>();
        for (String prefix : prefixes(dataset, filter)) {
            for (LakeObject o : storage.list(dataset.bucket(), prefix)) {
                byKey.putIfAbsent(o.key(), o);
            }
        }
        return SegmentName.dropCovered(new ArrayList<>(byKey.values()));
    }

    /**
     * @param value a partition value
     * @return the value as the sink writes it into a path (parquet-sink's {@code HivePath.escape})
     */
    static String escape(String value) {
        if (value.isEmpty()) {
            return HIVE_NULL;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(value.length());
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c < 0x20 || c == 0x7f || SPECIAL.indexOf(c) >= 0) {
                out.writeBytes(String.format("%%%02X", (int) c).getBytes(StandardCharsets.US_ASCII));
            } else {
                out.write(b);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /**
     * @param value a value from a path
     * @return it with {@code %XX} decoded
     */
    static String unescape(String value) {
        if (value.indexOf('%') < 0) {
            return value;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(value.length());
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '%' && i + 2 < bytes.length) {
                int high = Character.digit(bytes[i + 1], 16);
                int low = Character.digit(bytes[i + 2], 16);
                if (high >= 0 && low >= 0) {
                    out.write(high * 16 + low);
                    i += 2;
                    continue;
                }
            }
            out.write(bytes[i]);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
