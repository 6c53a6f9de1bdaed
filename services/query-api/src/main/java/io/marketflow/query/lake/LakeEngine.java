package io.marketflow.query.lake;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBDriver;

import io.marketflow.query.config.QueryConfig;

/**
 * The embedded query engine: one in-memory DuckDB database for the process, with the configured memory limit and
 * threads, spilling to its temp directory (the cache directory's {@code spill/} unless configured) up to a capped size,
 * no extension installed or loaded at run time (parquet, json and icu are built into the driver; httpfs is not, hence
 * the local file cache). Each query gets its own connection to it.
 */
@ApplicationScoped
public class LakeEngine {

    private final DuckDBConnection database;

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
     * @return a new connection to the shared database (the caller closes it); session settings are the database's
     * @throws SQLException when the database is closed
     */
    public Connection connect() throws SQLException {
        Connection c = database.duplicate();
        try (Statement st = c.createStatement()) {
            st.execute("SET TimeZone = 'UTC'");
        }
        return c;
    }

    @PreDestroy
    void close() throws SQLException {
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
