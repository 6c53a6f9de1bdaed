package io.marketflow.ingest.market.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.marketflow.localstack.LocalStackResource;
import io.marketflow.localstack.StackAddresses;
import io.marketflow.localstack.TcpToggleProxy;

/**
 * The packaged service against bad configuration and against PostgreSQL and Kafka that are down when it starts.
 */
class StartupResilienceIT {

    private static StackAddresses stack;

    @BeforeAll
    static void startStack() {
        stack = LocalStackResource.shared();
    }

    @Test
    void failsStartupWithAMessageNamingAMalformedKey() throws Exception {
        Map<String, String> env = environment(stack.dbPort(), stack.kafkaBootstrapServers());
        env.put("MARKETFLOW_MARKET_SYNTHETIC_MODE", "sometimes");
        try (ServiceProcess service = ServiceProcess.start(env, ServiceProcess.freePort())) {
            assertThat(service.waitForExit(Duration.ofSeconds(90))).isNotZero();
            assertThat(service.output()).contains("marketflow.market.synthetic.mode").contains("sometimes");
        }
    }

    @Test
    void failsStartupWithAMessageNamingAnOutOfRangeKey() throws Exception {
        Map<String, String> env = environment(stack.dbPort(), stack.kafkaBootstrapServers());
        env.put("MARKETFLOW_MARKET_SYNTHETIC_TRADES_PER_TICKER_PER_SECOND", "-1");
        try (ServiceProcess service = ServiceProcess.start(env, ServiceProcess.freePort())) {
            assertThat(service.waitForExit(Duration.ofSeconds(90))).isNotZero();
            assertThat(service.output()).contains("marketflow.market.synthetic.trades-per-ticker-per-second");
        }
    }

    @Test
    void staysUpButNotReadyWhilePostgresAndKafkaAreDownThenRecovers() throws Exception {
        String[] kafka = stack.kafkaBootstrapServers().split(":");
        try (TcpToggleProxy postgres = TcpToggleProxy.stopped(stack.dbHost(), stack.dbPort());
                TcpToggleProxy broker = TcpToggleProxy.stopped(kafka[0], Integer.parseInt(kafka[1]));
                ServiceProcess service = ServiceProcess.start(environment(postgres.port(), "127.0.0.1:" + broker.port()),
                        ServiceProcess.freePort())) {
            await().atMost(Duration.ofSeconds(90)).until(() -> service.status("/q/health/live") == 200);
            assertThat(service.status("/q/health/ready")).isEqualTo(503);
            // Several migration attempts later it is still alive and still not ready: no crash loop.
            await().atMost(Duration.ofSeconds(60)).until(() -> service.output().split("PostgreSQL not ready").length > 3);
            assertThat(service.alive()).isTrue();
            assertThat(service.status("/q/health/ready")).isEqualTo(503);

            postgres.start();
            broker.start();

            await().atMost(Duration.ofSeconds(120)).until(() -> service.status("/q/health/ready") == 200);
            assertThat(service.alive()).isTrue();
        }
    }

    private static Map<String, String> environment(int dbPort, String kafkaBootstrapServers) {
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrapServers);
        env.put("MARKETFLOW_DB_HOST", stack.dbHost());
        env.put("MARKETFLOW_DB_PORT", String.valueOf(dbPort));
        env.put("MARKETFLOW_DB_NAME", stack.dbName());
        env.put("MARKETFLOW_DB_USER", stack.dbUser());
        env.put("MARKETFLOW_DB_PASSWORD", stack.dbPassword());
        return env;
    }
}
