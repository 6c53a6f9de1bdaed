package io.marketflow.query.lake;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.marketflow.query.config.QueryConfig;
import io.marketflow.query.summary.ParquetFooter;

/**
 * Per dataset: objects, bytes, rows and first/last event time. Rows and event times come from each file's Parquet
 * footer only, parsed by {@link ParquetFooter} (the summary's reader, the one footer parser of the service): from S3
 * its tail is fetched once (a ranged GET) into a sparse local file of the object's size (footers are immutable, as the
 * names are). The listing itself is fresh on every call.
 */
@ApplicationScoped
public class LakeStats {

    /** Enough for the footer of the sink's files (a few row groups); a larger footer is fetched in a second GET. */
    static final int TAIL_BYTES = 64 * 1024;

    private final Lake lake;
    private final Path footers;

    /**
     * @param lake the lake
     * @param config where the footer copies are kept ({@code {cache-dir}/footers})
     */
    public LakeStats(Lake lake, QueryConfig config) {
        this.lake = lake;
        this.footers = config.lake().cacheDir().resolve("footers").toAbsolutePath().normalize();
    }

    /** @return the statistics of every dataset, in the sink's order */
    public List<DatasetStats> all() {
        List<DatasetStats> stats = new ArrayList<>();
        for (LakeDataset dataset : lake.catalog().all()) {
            stats.add(of(dataset));
        }
        return stats;
    }

    /**
     * @param topic a dataset
     * @return its statistics
     */
    public DatasetStats of(String topic) {
        return of(lake.catalog().get(topic));
    }

    private DatasetStats of(LakeDataset dataset) {
        List<LakeObject> objects = lake.list(dataset, PartitionFilter.of(java.util.Map.of()));
        long bytes = objects.stream().mapToLong(LakeObject::size).sum();
        Optional<Instant> lastWritten = objects.stream().map(LakeObject::lastModified).filter(java.util.Objects::nonNull)
                .max(Comparator.naturalOrder());
        long rows = 0;
        Instant first = null;
        Instant last = null;
        for (LakeObject o : objects) {
            ParquetFooter footer;
            try {
                // The summary's footer reader: one parser of the footer's Thrift for the whole service.
                footer = ParquetFooter.parse(tail(o), dataset.timeColumn());
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("cannot read the footer of " + o.bucket() + "/" + o.key() + ": " + e.getMessage(), e);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            rows += footer.rows();
            // The time column of a partitioned level (none today) would not be in the file; stats then stay empty.
            if (footer.min().isPresent() && (first == null || footer.min().get().isBefore(first))) {
                first = footer.min().get();
            }
            if (footer.max().isPresent() && (last == null || footer.max().get().isAfter(last))) {
                last = footer.max().get();
            }
        }
        return new DatasetStats(dataset.topic(), dataset.bucket(), dataset.prefix(), objects.size(), bytes, rows,
                Optional.ofNullable(first), Optional.ofNullable(last), lastWritten);
    }

    /**
     * @param object an object
     * @return its footer and the 8 closing bytes (more in front is fine): from the file itself for local storage, else
     *         from a sparse local copy of the object's size holding its real tail, fetched once (a ranged GET)
     */
    private byte[] tail(LakeObject object) throws IOException {
        if (lake.storage() instanceof LocalLakeStorage) {
            // The sink's own files are local already.
            return completeTail(object, lake.storage().tail(object, (int) Math.min(TAIL_BYTES, object.size())), lake.storage());
        }
        Path file = footers.resolve(object.bucket()).resolve(object.key()).normalize();
        if (!file.startsWith(footers)) {
            throw new IllegalArgumentException("object key leaves the cache directory: " + object.key());
        }
        if (!Files.isRegularFile(file) || Files.size(file) != object.size()) {
            byte[] tail = completeTail(object, lake.storage().tail(object, (int) Math.min(TAIL_BYTES, object.size())), lake.storage());
            Files.createDirectories(file.getParent());
            Path part = file.resolveSibling(file.getFileName() + ".part");
            try (RandomAccessFile out = new RandomAccessFile(part.toFile(), "rw")) {
                out.setLength(object.size());
                out.seek(object.size() - tail.length);
                out.write(tail);
            }
            Files.move(part, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return tail;
        }
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            byte[] end = new byte[(int) Math.min(ParquetFooter.TAIL_BYTES, object.size())];
            in.seek(object.size() - end.length);
            in.readFully(end);
            long want = Math.min(object.size(), ParquetFooter.footerLength(end) + (long) ParquetFooter.TAIL_BYTES);
            byte[] tail = new byte[(int) want];
            in.seek(object.size() - want);
            in.readFully(tail);
            return tail;
        }
    }

    /** @return the tail, fetched again at its full length when the footer is longer than the first read */
    private static byte[] completeTail(LakeObject object, byte[] tail, LakeStorage storage) throws IOException {
        long needed = ParquetFooter.footerLength(tail) + (long) ParquetFooter.TAIL_BYTES;
        if (needed > tail.length && needed <= object.size()) {
            return storage.tail(object, (int) needed);
        }
        return tail;
    }
}
