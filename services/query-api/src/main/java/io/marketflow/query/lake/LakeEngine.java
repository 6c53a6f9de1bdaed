package io.marketflow.query.lake;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBDriver;

import io.marketflow.query.config.QueryConfig;

/**
 * The embedded query engine: one in-memory DuckDB database for the process, with the configured memory limit and
 * threads, spilling to its temp directory (the cache directory's {@code spill/} unless configured) up to a capped size,
 * no extension installed or loaded at run time (parquet, json and icu are built into the driver; httpfs is not, hence
 * the local file cache). A query leases a connection to it from a small pool and gives it back when done: opening one
 * ({@code duplicate()} and its {@code SET TimeZone}) was a measurable share of a ticker-day query.
 */
@ApplicationScoped
public class LakeEngine {

    /** Idle connections kept for reuse; more may be open while many queries run, they are closed when returned. */
    static final int MAX_IDLE = 8;

    private final DuckDBConnection database;
    private final BlockingQueue<Connection> idle = new ArrayBlockingQueue<>(MAX_IDLE);

    /**
     * @param config the engine's memory limit and threads, where it spills and how much
     */
    public LakeEngine(QueryConfig config) {
        Properties props = new Properties();
        // Results are pulled chunk by chunk as the response is written, never materialized in the heap.
        props.setProperty(DuckDBDriver.JDBC_STREAM_RESULTS, "true");
        try {
            Path spill = config.limits().engineTempDir().orElse(config.lake().cacheDir().resolve("spill")).toAbsolutePath();
            Files.createDirectories(spill);
            database = (DuckDBConnection) new DuckDBDriver().connect("jdbc:duckdb:", props);
            try (Statement st = database.createStatement()) {
                st.execute("SET autoinstall_known_extensions = false");
                st.execute("SET autoload_known_extensions = false");
                st.execute("SET memory_limit = " + literal(config.limits().engineMemoryLimit()));
                st.execute("SET threads = " + config.limits().engineThreads());
                st.execute("SET temp_directory = " + literal(spill.toString()));
                st.execute("SET max_temp_directory_size = " + literal(config.limits().engineMaxTempDirectorySize()));
                st.execute("SET TimeZone = 'UTC'");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot start DuckDB: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @return a connection to the shared database, idle or new, with the engine's session settings; closing the lease
     *         returns it
     * @throws SQLException when the database is closed
     */
    public Lease lease() throws SQLException {
        Connection c = idle.poll();
        return new Lease(c != null ? c : open());
    }

    private Connection open() throws SQLException {
        Connection c = database.duplicate();
        try (Statement st = c.createStatement()) {
            // A session setting: each connection needs it, once.
            st.execute("SET TimeZone = 'UTC'");
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }

    /** One query's use of a connection: closing it hands the connection back, or closes it when the pool is full. */
    public final class Lease implements AutoCloseable {
        private final Connection connection;
        private boolean broken;
        private boolean closed;

        private Lease(Connection connection) {
            this.connection = connection;
        }

        /** @return the connection, for this lease only: statements and result sets are closed before the lease is */
        public Connection connection() {
            return connection;
        }

        /**
         * Closes the connection instead of returning it, after a failure that may have left it in a state the next
         * query should not inherit.
         */
        public void discard() {
            broken = true;
        }

        @Override
        public void close() throws SQLException {
            if (closed) {
                return;
            }
            closed = true;
            if (broken || connection.isClosed() || !connection.getAutoCommit() || !idle.offer(connection)) {
                connection.close();
            }
        }
    }

    @PreDestroy
    void close() throws SQLException {
        for (Connection c = idle.poll(); c != null; c = idle.poll()) {
            c.close();
        }
        database.close();
    }

    /**
     * @param value a configuration value
     * @return it as a SQL string literal (SET takes no parameters; the value is the operator's, still quoted)
     */
    static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
