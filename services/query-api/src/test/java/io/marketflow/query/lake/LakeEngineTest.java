package io.marketflow.query.lake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;

import org.duckdb.DuckDBDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.marketflow.query.config.QueryConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/** The engine's spill settings as DuckDB itself reports them on a query connection, and how connections are reused. */
class LakeEngineTest {

    @TempDir
    Path dir;

    @Test
    void capsSpillAtTheConfiguredSizeInTheConfiguredDirectory() throws SQLException {
        Path spill = dir.resolve("spill-here");
        LakeEngine engine = new LakeEngine(config(Map.of(
                "marketflow.query.limits.engine-max-temp-directory-size", "3GiB",
                "marketflow.query.limits.engine-temp-dir", spill.toString())));
        try (LakeEngine.Lease lease = engine.lease()) {
            Connection c = lease.connection();
            // DuckDB renders sizes its own way: compare with what a separate DuckDB says for the same value.
            assertThat(setting(c, "max_temp_directory_size")).isEqualTo(duckDbRendering("3GiB")).isNotEqualTo(defaultCap());
            assertThat(setting(c, "temp_directory")).isEqualTo(spill.toAbsolutePath().toString());
            assertThat(spill).isDirectory();
        } finally {
            engine.close();
        }
    }

    @Test
    void defaultsToTheDocumentedCapUnderTheCacheDirectory() throws SQLException {
        LakeEngine engine = new LakeEngine(config(Map.of()));
        try (LakeEngine.Lease lease = engine.lease()) {
            Connection c = lease.connection();
            assertThat(setting(c, "max_temp_directory_size")).isEqualTo(duckDbRendering("1GB"));
            assertThat(setting(c, "temp_directory")).isEqualTo(dir.resolve("cache").resolve("spill").toAbsolutePath().toString());
        } finally {
            engine.close();
        }
    }

    @Test
    void reusesAReturnedConnectionWithItsSessionSettings() throws SQLException {
        LakeEngine engine = new LakeEngine(config(Map.of()));
        try {
            Connection first;
            try (LakeEngine.Lease lease = engine.lease()) {
                first = lease.connection();
            }
            try (LakeEngine.Lease lease = engine.lease()) {
                assertThat(lease.connection()).isSameAs(first);
                assertThat(setting(lease.connection(), "TimeZone")).isEqualTo("UTC");
            }
        } finally {
            engine.close();
        }
    }

    @Test
    void closesADiscardedConnectionAndOpensAnother() throws SQLException {
        LakeEngine engine = new LakeEngine(config(Map.of()));
        try {
            Connection first;
            try (LakeEngine.Lease lease = engine.lease()) {
                first = lease.connection();
                lease.discard();
            }
            assertThat(first.isClosed()).isTrue();
            try (LakeEngine.Lease lease = engine.lease()) {
                assertThat(lease.connection()).isNotSameAs(first);
                assertThat(setting(lease.connection(), "TimeZone")).isEqualTo("UTC");
            }
        } finally {
            engine.close();
        }
    }

    @Test
    void keepsAtMostMaxIdleConnectionsAndClosesTheRest() throws SQLException {
        LakeEngine engine = new LakeEngine(config(Map.of()));
        try {
            java.util.List<LakeEngine.Lease> leases = new java.util.ArrayList<>();
            for (int i = 0; i < LakeEngine.MAX_IDLE + 2; i++) {
                leases.add(engine.lease());
            }
            for (LakeEngine.Lease lease : leases) {
                lease.close();
                lease.close(); // a second close must not return the connection twice
            }
            long open = leases.stream().filter(l -> {
                try {
                    return !l.connection().isClosed();
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            }).count();
            assertThat(open).isEqualTo(LakeEngine.MAX_IDLE);
            java.util.Set<Connection> reused = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
            java.util.List<LakeEngine.Lease> again = new java.util.ArrayList<>();
            for (int i = 0; i < LakeEngine.MAX_IDLE + 1; i++) {
                again.add(engine.lease());
                reused.add(again.get(i).connection());
            }
            // Eight distinct idle connections, then a new one: none was handed out twice.
            assertThat(reused).hasSize(LakeEngine.MAX_IDLE + 1);
            for (LakeEngine.Lease lease : again) {
                lease.close();
            }
        } finally {
            engine.close();
        }
    }

    private QueryConfig config(Map<String, String> values) {
        Map<String, String> all = new java.util.HashMap<>(values);
        all.put("marketflow.query.lake.cache-dir", dir.resolve("cache").toString());
        // Quarkus's converter, as in the application: plain SmallRye Config reads only ISO-8601 durations, not "5s".
        SmallRyeConfig config = new SmallRyeConfigBuilder().withMapping(QueryConfig.class)
                .withConverter(java.time.Duration.class, 200, new DurationConverter())
                .withSources(new PropertiesConfigSource(all, "test", 500)).build();
        return config.getConfigMapping(QueryConfig.class);
    }

    private static String setting(Connection c, String name) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT current_setting('" + name + "')")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static String duckDbRendering(String size) throws SQLException {
        try (Connection c = new DuckDBDriver().connect("jdbc:duckdb:", new Properties()); Statement st = c.createStatement()) {
            st.execute("SET max_temp_directory_size = '" + size + "'");
            return setting(c, "max_temp_directory_size");
        }
    }

    private static String defaultCap() throws SQLException {
        try (Connection c = new DuckDBDriver().connect("jdbc:duckdb:", new Properties())) {
            return setting(c, "max_temp_directory_size");
        }
    }
}
