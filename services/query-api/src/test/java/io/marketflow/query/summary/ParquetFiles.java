package io.marketflow.query.summary;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.UUID;

/** Writes Parquet test files with DuckDB, an independent writer, into target/. */
final class ParquetFiles {

    private ParquetFiles() {
    }

    /**
     * @param select a DuckDB query producing the rows
     * @param options extra COPY options, e.g. {@code , ROW_GROUP_SIZE 2}
     * @return the file's bytes
     */
    static byte[] write(String select, String options) {
        try {
            Path dir = Files.createDirectories(Path.of("target", "parquet-files"));
            Path file = dir.resolve(UUID.randomUUID() + ".parquet");
            // The driver directly: inside a @QuarkusTest, DriverManager may not see it from this class loader.
            try (Connection c = new org.duckdb.DuckDBDriver().connect("jdbc:duckdb:", new Properties()); Statement st = c.createStatement()) {
                st.execute("SET TimeZone = 'UTC'");
                st.execute("COPY (" + select + ") TO '" + file.toAbsolutePath() + "' (FORMAT parquet" + options + ")");
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
