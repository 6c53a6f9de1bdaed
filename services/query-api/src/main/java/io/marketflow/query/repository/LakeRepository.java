package io.marketflow.query.repository;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.marketflow.query.config.QueryConfig;
import io.marketflow.query.lake.Lake;
import io.marketflow.query.lake.LakeEngine;
import io.marketflow.query.lake.LakeFiles;

/**
 * Runs {@link LakeQuery}s with DuckDB over the pruned, local files: rows are streamed to a {@link RowConsumer}, or
 * written as one Parquet file by DuckDB's {@code COPY … (FORMAT parquet)} and streamed from disk.
 */
@ApplicationScoped
public class LakeRepository {

    private final Lake lake;
    private final LakeEngine engine;
    private final Path exports;

    /**
     * @param lake the lake
     * @param engine DuckDB
     * @param config where Parquet exports are staged ({@code {cache-dir}/exports})
     */
    public LakeRepository(Lake lake, LakeEngine engine, QueryConfig config) {
        this.lake = lake;
        this.engine = engine;
        this.exports = config.lake().cacheDir().resolve("exports").toAbsolutePath();
    }

    /** A query whose files are listed and local, ready to run once; close releases the files. */
    public final class Prepared implements AutoCloseable {
        private final LakeQuery query;
        private final LakeFiles files;

        private Prepared(LakeQuery query, LakeFiles files) {
            this.query = query;
            this.files = files;
        }

        /** @return the query */
        public LakeQuery query() {
            return query;
        }

        /** @return its files */
        public LakeFiles files() {
            return files;
        }

        @Override
        public void close() {
            files.close();
        }
    }

    /**
     * Lists and fetches the query's files now, so storage failures are answered before any byte of the response.
     *
     * @param query the query
     * @return it prepared
     */
    public Prepared prepare(LakeQuery query) {
        return new Prepared(query, lake.files(query.datasets(), query.filter()));
    }

    /**
     * @param prepared a prepared query (closed by this call)
     * @param consumer what writes the rows
     * @throws IOException when writing fails
     */
    public void stream(Prepared prepared, RowConsumer consumer) throws IOException {
        try (prepared; LakeEngine.Lease lease = engine.lease()) {
            LakeSql sql = LakeSql.select(prepared.query, prepared.files);
            try (PreparedStatement ps = statement(lease.connection(), sql); ResultSet rs = ps.executeQuery()) {
                consumer.accept(rs);
            } catch (SQLException | IOException | RuntimeException e) {
                // A client gone mid-stream or a failed query: the next one gets a fresh connection.
                lease.discard();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("lake query failed: " + e.getMessage(), e);
        }
    }

    /**
     * @param prepared a prepared query (closed by this call)
     * @param out where the Parquet file goes
     * @throws IOException when writing fails
     */
    public void exportParquet(Prepared prepared, OutputStream out) throws IOException {
        Files.createDirectories(exports);
        Path file = exports.resolve(UUID.randomUUID() + ".parquet");
        try (prepared; LakeEngine.Lease lease = engine.lease()) {
            Connection c = lease.connection();
            LakeSql select = LakeSql.select(prepared.query, prepared.files);
            // The target is our own file name; every value of the query stays a parameter.
            LakeSql copy = new LakeSql("COPY (" + select.sql() + ") TO " + LakeEngineLiterals.quote(file.toString())
                    + " (FORMAT parquet, COMPRESSION zstd)", select.params());
            try (PreparedStatement ps = statement(c, copy)) {
                ps.execute();
            } catch (SQLException | RuntimeException e) {
                lease.discard();
                throw e;
            }
            Files.copy(file, out);
        } catch (SQLException e) {
            throw new IllegalStateException("lake export failed: " + e.getMessage(), e);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static PreparedStatement statement(Connection c, LakeSql sql) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql.sql());
        try {
            int i = 1;
            for (Object p : sql.params()) {
                if (p instanceof List<?> list) {
                    ps.setObject(i++, c.createArrayOf("VARCHAR", list.toArray()));
                } else {
                    ps.setObject(i++, p);
                }
            }
            return ps;
        } catch (SQLException | RuntimeException e) {
            ps.close();
            throw e;
        }
    }

    /** SQL string literals for the few values DuckDB takes no parameter for (a COPY target). */
    static final class LakeEngineLiterals {
        private LakeEngineLiterals() {
        }

        static String quote(String value) {
            return "'" + value.replace("'", "''") + "'";
        }
    }
}
