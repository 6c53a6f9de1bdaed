package io.marketflow.query.summary;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

import io.marketflow.localstack.LocalStackResource;
import io.marketflow.localstack.StackAddresses;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * The test stack with names of this JVM's own: the broker, S3 server and database are shared with other modules' tests
 * and outlive runs, so the summary under test reads a bucket, topics, consumer groups and a database nobody else
 * writes, and its numbers can be asserted exactly. The aggregator's tables come from the registry's own migration.
 */
public class SummaryTestStack implements QuarkusTestResourceLifecycleManager {

    /** One value per JVM: Quarkus loads this class in the test's and the application's class loaders. */
    static final String RUN = String.valueOf(System.getProperties()
            .computeIfAbsent("query-summary-test-run", k -> Long.toString(System.currentTimeMillis(), 36)));
    static final String BUCKET = "status-test-" + RUN;
    static final String TRADES = "stock_trades-" + RUN;
    static final String BARS = "h_alpaca-" + RUN;
    static final String TRADES_DLQ = TRADES + ".dlq";
    static final String SINK_GROUP = "sink-test-" + RUN;
    static final String AGGREGATOR_GROUP = "aggregator-test-" + RUN;
    static final String DATABASE = "status_test_" + RUN;

    private static final Path MIGRATION = Path.of("..", "registry", "src", "main", "resources", "db", "migration", "V5__aggregated_data.sql");

    @Override
    public Map<String, String> start() {
        StackAddresses stack = LocalStackResource.shared();
        createDatabase(stack);
        Map<String, String> config = new HashMap<>(stack.quarkusConfig());
        // The URL itself, not marketflow.db.name: the module's other tests register LocalStackResource for every class
        // (restrictToAnnotatedClass = false), and its marketflow.db.name would compete with this one.
        config.put("quarkus.datasource.jdbc.url", "jdbc:postgresql://" + stack.dbHost() + ":" + stack.dbPort() + "/" + DATABASE + "?readOnly=true&readOnlyMode=always");
        config.put("marketflow.query.lake.locations.stock_trades", BUCKET + "/trades");
        config.put("marketflow.query.lake.locations.h_alpaca", BUCKET + "/bars");
        config.put("marketflow.query.status.topics.stock_trades", TRADES);
        config.put("marketflow.query.status.topics.h_alpaca", BARS);
        config.put("marketflow.query.status.sink-group", SINK_GROUP);
        config.put("marketflow.query.status.aggregator-group", AGGREGATOR_GROUP);
        // Short enough that the test sees its writes within a second or two; the assertions wait with Awaitility.
        config.put("marketflow.query.status.cache-ttl", "200ms");
        config.put("marketflow.query.status.lake-ttl", "200ms");
        config.put("marketflow.query.status.sample-interval", "300ms");
        return config;
    }

    @Override
    public void stop() {
        // The database is left for inspection like the topics; its name is unique per run.
    }

    /** @return a connection to this run's database */
    static Connection connection() throws SQLException {
        StackAddresses s = LocalStackResource.shared();
        return DriverManager.getConnection("jdbc:postgresql://" + s.dbHost() + ":" + s.dbPort() + "/" + DATABASE, s.dbUser(), s.dbPassword());
    }

    private static void createDatabase(StackAddresses s) {
        try (Connection c = DriverManager.getConnection(s.jdbcUrl(), s.dbUser(), s.dbPassword()); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + DATABASE);
        } catch (SQLException e) {
            if (!"42P04".equals(e.getSQLState())) { // already created by an earlier start in this JVM
                throw new IllegalStateException(e);
            }
        }
        try (Connection c = connection(); Statement st = c.createStatement()) {
            st.execute(Files.readString(MIGRATION));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
