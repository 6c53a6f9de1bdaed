package io.marketflow.query.lake;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The storage with its listings kept for a short time (a warm ticker-day paid an S3 round trip per query for its
 * one prefix). A listing is kept whole, as S3 returned it, so a query reads the set of one listing, never a mix of two;
 * it may be up to {@code ttl} old: objects written since are not seen for that long. An object it names that is gone by
 * the time the query fetches it throws away every kept listing ({@link #invalidate()}, called by {@link Lake} before it
 * lists again), so a compaction's deleted sources are never asked for twice. A zero ttl keeps nothing.
 */
public final class ListingCache implements LakeStorage {

    /** Above this many kept prefixes the expired ones are dropped before another is added. */
    static final int MAX_ENTRIES = 4096;

    private final LakeStorage storage;
    private final long ttlNanos;
    private final LongSupplier clock;
    private final Map<String, Kept> kept = new ConcurrentHashMap<>();

    /**
     * @param storage the storage listed
     * @param ttl how long a listing is kept
     * @param clock nanoseconds, monotonic ({@code System::nanoTime})
     */
    public ListingCache(LakeStorage storage, Duration ttl, LongSupplier clock) {
        this.storage = storage;
        this.ttlNanos = ttl.toNanos();
        this.clock = clock;
    }

    @Override
    public List<String> childPrefixes(String bucket, String prefix) {
        return cached("c", bucket, prefix, () -> List.copyOf(storage.childPrefixes(bucket, prefix)));
    }

    @Override
    public List<LakeObject> list(String bucket, String prefix) {
        return cached("o", bucket, prefix, () -> List.copyOf(storage.list(bucket, prefix)));
    }

    /** Forgets every kept listing: one of them named an object that is gone. */
    public void invalidate() {
        kept.clear();
    }

    @Override
    public Path localFile(LakeObject object) throws IOException {
        return storage.localFile(object);
    }

    @Override
    public byte[] tail(LakeObject object, int bytes) throws IOException {
        return storage.tail(object, bytes);
    }

    @Override
    public void ping() {
        storage.ping();
    }

    @Override
    public void release(List<Path> files) {
        storage.release(files);
    }

    @SuppressWarnings("unchecked")
    private <T> List<T> cached(String kind, String bucket, String prefix, Supplier<List<T>> list) {
        if (ttlNanos <= 0) {
            return list.get();
        }
        String key = kind + '\n' + bucket + '\n' + prefix;
        long now = clock.getAsLong();
        Kept k = kept.get(key);
        if (k != null && now - k.listedAt < ttlNanos) {
            return (List<T>) k.listing;
        }
        List<T> fresh = list.get();
        if (kept.size() >= MAX_ENTRIES) {
            kept.values().removeIf(e -> now - e.listedAt >= ttlNanos);
            if (kept.size() >= MAX_ENTRIES) {
                // Thousands of prefixes listed within one ttl: keep memory bounded, start over.
                kept.clear();
            }
        }
        // The time taken before the listing started: its age is never understated.
        kept.put(key, new Kept(now, fresh));
        return fresh;
    }

    private record Kept(long listedAt, List<?> listing) {
    }
}
