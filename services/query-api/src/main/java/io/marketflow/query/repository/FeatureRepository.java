package io.marketflow.query.repository;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

import io.marketflow.query.config.QueryConfig;
import io.marketflow.query.domain.UnavailableException;
import io.marketflow.query.lake.LakeEngine;

/**
 * Reads {@code aggregated_data} (the aggregator's features, registry migration V5) by ticker and time range, streamed
 * with a JDBC fetch size: PostgreSQL's driver keeps only one fetch of rows in memory when autocommit is off.
 */
@ApplicationScoped
public class FeatureRepository {

    /** Rows per round trip: small enough to bound the heap, large enough to keep the network busy. */
    static final int FETCH_SIZE = 1000;

    private final DataSource dataSource;
    private final LakeEngine engine;
    private final Path exports;

    /**
     * @param dataSource the read-only PostgreSQL pool
     * @param engine DuckDB, which writes the Parquet exports
     * @param config where exports are staged ({@code {cache-dir}/exports})
     */
    public FeatureRepository(DataSource dataSource, LakeEngine engine, QueryConfig config) {
        this.dataSource = dataSource;
        this.engine = engine;
        this.exports = config.lake().cacheDir().resolve("exports").toAbsolutePath();
    }

    /**
     * The rows of {@link #stream} appended to a DuckDB table as they are fetched (DuckDB spills it past its memory
     * limit), written by {@code COPY … (FORMAT parquet)} and streamed from the file: PostgreSQL's types as Parquet's
     * (double precision → DOUBLE, integer → INT32, timestamptz → TIMESTAMP(MICROS, UTC), varchar → STRING).
     *
     * @param ticker the ticker
     * @param from first minute, inclusive
     * @param to end, exclusive
     * @param out where the Parquet file goes
     * @throws IOException when writing fails
     */
    public void exportParquet(String ticker, Instant from, Instant to, OutputStream out) throws IOException {
        Files.createDirectories(exports);
        String id = UUID.randomUUID().toString().replace("-", "");
        Path file = exports.resolve(id + ".parquet");
        String table = "\"features_" + id + "\"";
        try (LakeEngine.Lease lease = engine.lease()) {
            Connection duck = lease.connection();
            try {
                stream(ticker, from, to, Optional.empty(), OptionalInt.empty(), rs -> copyInto(duck, table, id, rs));
                try (Statement st = duck.createStatement()) {
                    st.execute("COPY " + table + " TO '" + file.toString().replace("'", "''") + "' (FORMAT parquet, COMPRESSION zstd)");
                }
            } catch (SQLException | IOException | RuntimeException e) {
                // As in LakeRepository: a failed export's connection is closed, not handed to the next query.
                lease.discard();
                throw e;
            } finally {
                // The table lives in the shared database, not the connection: a failed export must not leave it there.
                try (Statement st = duck.createStatement()) {
                    st.execute("DROP TABLE IF EXISTS " + table);
                } catch (SQLException e) {
                    lease.discard();
                }
            }
            Files.copy(file, out);
        } catch (SQLException e) {
            throw new IllegalStateException("features export failed: " + e.getMessage(), e);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static void copyInto(Connection duck, String table, String id, ResultSet rs) throws SQLException {
        ResultSetMetaData meta = rs.getMetaData();
        int n = meta.getColumnCount();
        String[] kinds = new String[n];
        StringBuilder ddl = new StringBuilder("CREATE TABLE ").append(table).append(" (");
        for (int i = 0; i < n; i++) {
            kinds[i] = switch (meta.getColumnTypeName(i + 1)) {
                case "float8", "float4", "numeric" -> "DOUBLE";
                case "int4", "int2" -> "INTEGER";
                case "int8" -> "BIGINT";
                case "timestamptz" -> "TIMESTAMPTZ";
                case "bool" -> "BOOLEAN";
                default -> "VARCHAR";
            };
            ddl.append(i > 0 ? ", " : "").append('"').append(meta.getColumnLabel(i + 1).replace("\"", "\"\"")).append("\" ").append(kinds[i]);
        }
        try (Statement st = duck.createStatement()) {
            st.execute(ddl.append(')').toString());
        }
        try (DuckDBAppender appender = ((DuckDBConnection) duck).createAppender("main", "features_" + id)) {
            while (rs.next()) {
                appender.beginRow();
                for (int i = 0; i < n; i++) {
                    int c = i + 1;
                    switch (kinds[i]) {
                        case "DOUBLE" -> {
                            double v = rs.getDouble(c);
                            if (rs.wasNull()) {
                                appender.appendNull();
                            } else {
                                appender.append(v);
                            }
                        }
                        case "INTEGER" -> {
                            int v = rs.getInt(c);
                            if (rs.wasNull()) {
                                appender.appendNull();
                            } else {
                                appender.append(v);
                            }
                        }
                        case "BIGINT" -> {
                            long v = rs.getLong(c);
                            if (rs.wasNull()) {
                                appender.appendNull();
                            } else {
                                appender.append(v);
                            }
                        }
                        case "BOOLEAN" -> {
                            boolean v = rs.getBoolean(c);
                            if (rs.wasNull()) {
                                appender.appendNull();
                            } else {
                                appender.append(v);
                            }
                        }
                        case "TIMESTAMPTZ" -> {
                            OffsetDateTime v = rs.getObject(c, OffsetDateTime.class);
                            if (v == null) {
                                appender.appendNull();
                            } else {
                                appender.append(v);
                            }
                        }
                        default -> {
                            String v = rs.getString(c);
                            if (v == null) {
                                appender.appendNull();
                            } else {
                                appender.append(v);
                            }
                        }
                    }
                }
                appender.endRow();
            }
        }
    }

    /**
     * @param ticker the ticker
     * @param from first minute, inclusive
     * @param to end, exclusive
     * @param after the cursor: rows strictly after this timestamp
     * @param limit page size, empty for every row
     * @param consumer what writes the rows, ordered by timestamp
     * @throws IOException when writing fails
     */
    public void stream(String ticker, Instant from, Instant to, Optional<Instant> after, OptionalInt limit, RowConsumer consumer) throws IOException {
        StringBuilder sql = new StringBuilder("SELECT * FROM aggregated_data WHERE ticker = ? AND \"timestamp\" >= ? AND \"timestamp\" < ?");
        after.ifPresent(a -> sql.append(" AND \"timestamp\" > ?"));
        sql.append(" ORDER BY \"timestamp\"");
        limit.ifPresent(l -> sql.append(" LIMIT ?"));
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            c.setReadOnly(true);
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                int i = 1;
                ps.setString(i++, ticker);
                ps.setObject(i++, OffsetDateTime.ofInstant(from, ZoneOffset.UTC));
                ps.setObject(i++, OffsetDateTime.ofInstant(to, ZoneOffset.UTC));
                if (after.isPresent()) {
                    ps.setObject(i++, OffsetDateTime.ofInstant(after.get(), ZoneOffset.UTC));
                }
                if (limit.isPresent()) {
                    ps.setInt(i, limit.getAsInt());
                }
                ps.setFetchSize(FETCH_SIZE);
                try (ResultSet rs = ps.executeQuery()) {
                    consumer.accept(rs);
                }
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("aggregated_data query failed: " + e.getMessage(), e);
        }
    }

    /**
     * Checked before a response starts, so a database that is down or not migrated yet is a 503, not a cut body.
     *
     * @throws UnavailableException when PostgreSQL does not answer or aggregated_data does not exist
     */
    public void requireTable() {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT to_regclass('aggregated_data') IS NOT NULL");
                ResultSet rs = ps.executeQuery()) {
            if (!rs.next() || !rs.getBoolean(1)) {
                throw new UnavailableException("aggregated_data does not exist yet (the registry's migration V5 creates it)", null);
            }
        } catch (SQLException e) {
            throw new UnavailableException("PostgreSQL is not reachable: " + e.getMessage(), e);
        }
    }

    /** Fails when PostgreSQL cannot answer (readiness). */
    public void ping() {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT 1"); ResultSet rs = ps.executeQuery()) {
            rs.next();
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
