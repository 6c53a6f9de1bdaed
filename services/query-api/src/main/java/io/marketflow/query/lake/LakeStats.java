package io.marketflow.query.lake;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.marketflow.query.config.QueryConfig;

/**
 * Per dataset: objects, bytes, rows and first/last event time, for the summary. Rows and event times come from each
 * file's Parquet footer only: its tail is fetched once (a ranged GET) into a sparse local file of the object's size,
 * which DuckDB's {@code parquet_metadata} reads like the whole file (footers are immutable, as the names are). The
 * listing itself is fresh on every call.
 */
@ApplicationScoped
public class LakeStats {

    /** Enough for the footer of the sink's files (a few row groups); a larger footer is fetched in a second GET. */
    static final int TAIL_BYTES = 64 * 1024;

    private final Lake lake;
    private final LakeEngine engine;
    private final Path footers;

    /**
     * @param lake the lake
     * @param engine DuckDB, which reads the footers
     * @param config where the footer copies are kept ({@code {cache-dir}/footers})
     */
    public LakeStats(Lake lake, LakeEngine engine, QueryConfig config) {
        this.lake = lake;
        this.engine = engine;
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
        if (objects.isEmpty()) {
            return new DatasetStats(dataset.topic(), dataset.bucket(), dataset.prefix(), 0, 0, 0, Optional.empty(), Optional.empty(), lastWritten);
        }
        List<String> files = new ArrayList<>(objects.size());
        for (LakeObject o : objects) {
            files.add(footer(o).toString());
        }
        try (Connection c = engine.connect()) {
            long rows;
            try (PreparedStatement ps = c.prepareStatement("SELECT coalesce(sum(num_rows), 0) FROM parquet_file_metadata(?::VARCHAR[])")) {
                ps.setObject(1, c.createArrayOf("VARCHAR", files.toArray()));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    rows = rs.getLong(1);
                }
            }
            Optional<Instant> first = Optional.empty();
            Optional<Instant> last = Optional.empty();
            // The time column of a partitioned level (none today) would not be in the file; stats then stay empty.
            try (PreparedStatement ps = c.prepareStatement("SELECT min(TRY_CAST(stats_min_value AS TIMESTAMPTZ)), max(TRY_CAST(stats_max_value AS TIMESTAMPTZ)) "
                    + "FROM parquet_metadata(?::VARCHAR[]) WHERE path_in_schema = ?")) {
                ps.setObject(1, c.createArrayOf("VARCHAR", files.toArray()));
                ps.setString(2, dataset.timeColumn());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        first = Optional.ofNullable(rs.getObject(1, OffsetDateTime.class)).map(OffsetDateTime::toInstant);
                        last = Optional.ofNullable(rs.getObject(2, OffsetDateTime.class)).map(OffsetDateTime::toInstant);
                    }
                }
            }
            return new DatasetStats(dataset.topic(), dataset.bucket(), dataset.prefix(), objects.size(), bytes, rows, first, last, lastWritten);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the footers of " + dataset.topic() + ": " + e.getMessage(), e);
        }
    }

    /**
     * @param object an object
     * @return a local file of the object's size holding its real tail (the footer) and zeros before it
     */
    private Path footer(LakeObject object) {
        Path file = footers.resolve(object.bucket()).resolve(object.key()).normalize();
        if (!file.startsWith(footers)) {
            throw new IllegalArgumentException("object key leaves the cache directory: " + object.key());
        }
        try {
            if (lake.storage() instanceof LocalLakeStorage local) {
                // The sink's own files are local already.
                return local.localFile(object);
            }
            if (Files.isRegularFile(file) && Files.size(file) == object.size()) {
                return file;
            }
            byte[] tail = lake.storage().tail(object, TAIL_BYTES);
            int footerLength = ByteBuffer.wrap(tail, tail.length - 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
            if (footerLength + 8L > tail.length && footerLength + 8L <= object.size()) {
                tail = lake.storage().tail(object, footerLength + 8);
            }
            Files.createDirectories(file.getParent());
            Path part = file.resolveSibling(file.getFileName() + ".part");
            try (RandomAccessFile out = new RandomAccessFile(part.toFile(), "rw")) {
                out.setLength(object.size());
                out.seek(object.size() - tail.length);
                out.write(tail);
            }
            Files.move(part, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
