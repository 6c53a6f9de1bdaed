package io.marketflow.query.lake;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import io.quarkus.logging.Log;

/**
 * Local copies of S3 objects for DuckDB, which cannot read {@code s3://} without httpfs. The sink's object names are
 * deterministic and immutable (a rewrite of a range writes the same bytes under the same name), so a copy whose size
 * matches the listing never goes stale. Above {@code maxBytes} the least recently read copies are deleted, except those
 * a running query still reads (pinned until it releases them).
 */
public final class ObjectCache {

    /** Fetches one object into a file (the S3 GET). */
    @FunctionalInterface
    public interface Fetch {
        /**
         * @param object what to fetch
         * @param target the file to write; it does not exist yet
         * @throws IOException when the fetch fails
         */
        void into(LakeObject object, Path target) throws IOException;
    }

    private static final String PART = ".part";

    private final Path root;
    private final long maxBytes;
    private final Map<Path, Entry> entries = new HashMap<>();
    private long totalBytes;
    private long clock;

    /**
     * @param root the cache directory (created when missing; copies left by an earlier run are reused)
     * @param maxBytes disk the copies may use
     */
    public ObjectCache(Path root, long maxBytes) {
        this.root = root.toAbsolutePath().normalize();
        this.maxBytes = maxBytes;
        try {
            Files.createDirectories(this.root);
            try (Stream<Path> files = Files.walk(this.root)) {
                files.filter(Files::isRegularFile).forEach(this::adopt);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use cache directory " + this.root, e);
        }
    }

    /**
     * @param object an object of a listing
     * @param fetch how to fetch it when there is no copy
     * @return the local copy, pinned until {@link #release}
     * @throws IOException when the fetch fails
     */
    public Path pin(LakeObject object, Fetch fetch) throws IOException {
        Path file = pathOf(object);
        synchronized (this) {
            Entry entry = entries.get(file);
            if (entry != null && entry.size == object.size()) {
                entry.pins++;
                entry.lastRead = ++clock;
                return file;
            }
        }
        Files.createDirectories(file.getParent());
        Path part = file.resolveSibling(file.getFileName() + "." + UUID.randomUUID() + PART);
        try {
            fetch.into(object, part);
            // Two queries fetching the same object write the same bytes: whichever rename lands last wins, harmlessly.
            Files.move(part, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(part);
        }
        synchronized (this) {
            Entry entry = entries.get(file);
            if (entry == null) {
                entry = new Entry(Files.size(file));
                entries.put(file, entry);
                totalBytes += entry.size;
            }
            entry.pins++;
            entry.lastRead = ++clock;
            evict();
        }
        return file;
    }

    /**
     * @param files copies a query no longer reads
     */
    public synchronized void release(List<Path> files) {
        for (Path file : files) {
            Entry entry = entries.get(file);
            if (entry != null && entry.pins > 0) {
                entry.pins--;
            }
        }
        evict();
    }

    /** @return bytes the copies hold now */
    public synchronized long totalBytes() {
        return totalBytes;
    }

    /**
     * @param object an object
     * @return where its copy lives: {@code {root}/{bucket}/{key}}, so DuckDB sees the Hive path in it
     */
    Path pathOf(LakeObject object) {
        Path file = root.resolve(object.bucket()).resolve(object.key()).normalize();
        if (!file.startsWith(root)) {
            throw new IllegalArgumentException("object key leaves the cache directory: " + object.key());
        }
        return file;
    }

    private void evict() {
        if (totalBytes <= maxBytes) {
            return;
        }
        List<Map.Entry<Path, Entry>> candidates = new ArrayList<>();
        entries.entrySet().stream().filter(e -> e.getValue().pins == 0).forEach(candidates::add);
        candidates.sort(Comparator.comparingLong(e -> e.getValue().lastRead));
        for (Map.Entry<Path, Entry> candidate : candidates) {
            if (totalBytes <= maxBytes) {
                break;
            }
            try {
                Files.deleteIfExists(candidate.getKey());
                entries.remove(candidate.getKey());
                totalBytes -= candidate.getValue().size;
            } catch (IOException e) {
                Log.warnf("[evict] - cannot delete %s: %s", candidate.getKey(), e.getMessage());
            }
        }
    }

    private void adopt(Path file) {
        try {
            if (file.getFileName().toString().endsWith(PART)) {
                // A fetch interrupted by a crash.
                Files.deleteIfExists(file);
                return;
            }
            Entry entry = new Entry(Files.size(file));
            entry.lastRead = ++clock;
            entries.put(file.toAbsolutePath().normalize(), entry);
            totalBytes += entry.size;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One copy: its size, when it was last read (a logical clock), how many queries read it now. */
    private static final class Entry {
        final long size;
        long lastRead;
        int pins;

        Entry(long size) {
            this.size = size;
        }
    }
}
