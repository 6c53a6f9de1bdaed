package io.marketflow.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local profile keeps its data: a stop and a fresh start bring back the same topics and tables. */
class LocalProfileRestartTest {

    @Test
    void localProfileKeepsKafkaAndPostgresDataAcrossARestart(@TempDir Path dataDir) throws Exception {
        int kafkaPort = freePortPair();
        Map<String, String> env = Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:" + kafkaPort,
                "MARKETFLOW_S3_ENDPOINT", "http://127.0.0.1:" + freePortPair(),
                "MARKETFLOW_DB_HOST", "127.0.0.1",
                "MARKETFLOW_DB_PORT", String.valueOf(freePortPair()));
        ProjectLayout layout = ProjectLayout.fromWorkingDirectory();
        LocalStack stack = new LocalStack(StackSettings.of(Profile.LOCAL, env, layout).withDataDir(dataDir), layout,
                line -> { });
        try {
            StackAddresses first = stack.start();
            createTopic(first.kafkaBootstrapServers(), "trades.raw");
            sql(first, "CREATE TABLE kept (id int)");
            stack.stop(EnumSet.allOf(ServerKind.class));

            StackAddresses second = stack.start();

            assertEquals(EnumSet.allOf(ServerKind.class), second.started());
            assertTrue(topics(second.kafkaBootstrapServers()).contains("trades.raw"));
            assertEquals(0, sql(second, "SELECT count(*) FROM kept"));
        } finally {
            stack.stop(EnumSet.allOf(ServerKind.class));
        }
    }

    private static void createTopic(String bootstrap, String topic) throws ExecutionException, InterruptedException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
    }

    private static Set<String> topics(String bootstrap) throws ExecutionException, InterruptedException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            return admin.listTopics().names().get();
        }
    }

    private static int sql(StackAddresses stack, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(stack.jdbcUrl(), stack.dbUser(), stack.dbPassword());
             Statement statement = connection.createStatement()) {
            if (!statement.execute(sql)) {
                return -1;
            }
            try (ResultSet rows = statement.getResultSet()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    /** A free port whose successor is free too (Kafka's controller takes port + 1). */
    private static int freePortPair() throws IOException {
        for (int attempt = 0; attempt < 20; attempt++) {
            try (ServerSocket first = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                int port = first.getLocalPort();
                try (ServerSocket second = new ServerSocket(port + 1, 1, InetAddress.getLoopbackAddress())) {
                    return port;
                } catch (IOException taken) {
                    // Try another pair.
                }
            }
        }
        throw new IOException("No free port pair on the loopback interface");
    }
}
