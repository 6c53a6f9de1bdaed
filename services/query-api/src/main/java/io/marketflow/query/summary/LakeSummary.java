package io.marketflow.query.summary;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.marketflow.query.config.QueryConfig;
import io.marketflow.query.summary.LakeObjects.Listing;
import io.marketflow.query.summary.LakeObjects.StoredObject;
import io.quarkus.logging.Log;

/**
 * Lists each dataset's prefix (capped) and reads the footers of files it has not seen: sink files are immutable under
 * their deterministic names, so a footer read once is kept until its key disappears from the listing (compaction).
 * A refresh reads at most {@link QueryConfig.Status#maxFootersPerRefresh()} new footers, so a first look at a large lake
 * is spread over several refreshes instead of one unbounded request.
 */
public final class LakeSummary {

    /** A footer read, or the reason it could not be. */
    private record FooterEntry(long size, ParquetFooter footer, String error) {
    }

    private final LakeObjects lake;
    private final QueryConfig.Status config;
    private final Clock clock;
    /** Per dataset id: key → footer. Only touched by {@link #refresh}, which callers serialise. */
    private final Map<String, Map<String, FooterEntry>> footers = new ConcurrentHashMap<>();

    /**
     * @param lake where the objects are
     * @param config caps and read sizes
     * @param clock the time of a listing
     */
    public LakeSummary(LakeObjects lake, QueryConfig.Status config, Clock clock) {
        this.lake = lake;
        this.config = config;
        this.clock = clock;
    }

    /**
     * @param datasets the datasets to summarise
     * @return one summary per dataset, in the given order; a dataset that fails carries its error, the others are unaffected
     */
    public synchronized List<DatasetSummary> refresh(List<SinkDatasets.Dataset> datasets) {
        int budget = config.maxFootersPerRefresh();
        List<DatasetSummary> result = new ArrayList<>();
        for (SinkDatasets.Dataset d : datasets) {
            Instant now = clock.instant();
            Listing listing;
            try {
                listing = lake.list(d.bucket(), d.listPrefix(), config.maxObjectsPerDataset());
            } catch (RuntimeException e) {
                Log.debugf("[refresh] - listing %s/%s failed: %s", d.bucket(), d.listPrefix(), e.toString());
                result.add(new DatasetSummary(d.id(), d.topic(), d.bucket(), d.prefix(), 0, 0, 0, 0, null, null, 0, 0, false, now,
                        "listing failed: " + e.getMessage()));
                continue;
            }
            Map<String, FooterEntry> known = footers.computeIfAbsent(d.id(), k -> new HashMap<>());
            Set<String> listed = new HashSet<>();
            long bytes = 0;
            long parquet = 0;
            long rows = 0;
            long pending = 0;
            long unreadable = 0;
            Instant first = null;
            Instant last = null;
            for (StoredObject o : listing.objects()) {
                bytes += o.size();
                if (!o.key().endsWith(".parquet")) {
                    continue;
                }
                parquet++;
                listed.add(o.key());
                FooterEntry entry = known.get(o.key());
                if (entry == null || entry.size() != o.size()) {
                    if (budget == 0) {
                        pending++;
                        continue;
                    }
                    budget--;
                    entry = read(d, o);
                    if (entry == null) {
                        pending++;
                        continue;
                    }
                    known.put(o.key(), entry);
                }
                if (entry.footer() == null) {
                    unreadable++;
                    continue;
                }
                ParquetFooter f = entry.footer();
                rows += f.rows();
                if (f.min().isPresent() && (first == null || f.min().get().isBefore(first))) {
                    first = f.min().get();
                }
                if (f.max().isPresent() && (last == null || f.max().get().isAfter(last))) {
                    last = f.max().get();
                }
            }
            if (!listing.truncated()) {
                // Keys gone from a complete listing were compacted or deleted; a truncated one says nothing about the rest.
                known.keySet().retainAll(listed);
            }
            result.add(new DatasetSummary(d.id(), d.topic(), d.bucket(), d.prefix(), listing.objects().size(), bytes, parquet, rows,
                    first, last, pending, unreadable, listing.truncated(), now, null));
        }
        return result;
    }

    /** @return the footer, an unreadable entry for a corrupt file, or null when the read failed for now */
    private FooterEntry read(SinkDatasets.Dataset d, StoredObject o) {
        try {
            int want = (int) Math.min(o.size(), config.footerReadBytes());
            byte[] tail = lake.tail(d.bucket(), o.key(), o.size(), want);
            int needed = ParquetFooter.footerLength(tail) + ParquetFooter.TAIL_BYTES;
            if (needed > tail.length) {
                if (needed > o.size()) {
                    throw new IllegalArgumentException("footer length " + needed + " exceeds the file's " + o.size() + " bytes");
                }
                tail = lake.tail(d.bucket(), o.key(), o.size(), needed);
            }
            return new FooterEntry(o.size(), ParquetFooter.parse(tail, d.timeColumn()), null);
        } catch (IllegalArgumentException e) {
            // Kept as unreadable so a corrupt file costs one GET, not one per refresh.
            Log.debugf("[read] - footer of %s/%s unreadable: %s", d.bucket(), o.key(), e.toString());
            return new FooterEntry(o.size(), null, e.getMessage());
        } catch (RuntimeException e) {
            // S3 unreachable or the object just compacted away: retried by the next refresh, so not cached.
            Log.debugf("[read] - footer of %s/%s not read: %s", d.bucket(), o.key(), e.toString());
            return null;
        }
    }
}
