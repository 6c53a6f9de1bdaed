package io.marketflow.aggregator.integration;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.marketflow.localstack.StackAddresses;

/**
 * The packaged service ({@code target/quarkus-app/quarkus-run.jar}) as a child JVM wired to the test stack and to a
 * database of its own, for the integration tests that kill it with SIGKILL or run two of it (parquet-sink's approach).
 */
final class PackagedAggregator {

    private static final Path APP = Path.of("target", "quarkus-app", "quarkus-run.jar");

    private PackagedAggregator() {
    }

    /**
     * @param stack the test stack
     * @param database the PostgreSQL database on the stack's server this instance writes to
     * @param log file receiving stdout and stderr
     * @param settings {@code -D} settings, before {@code -jar}
     * @return the started process
     * @throws IOException when the JVM cannot be started
     */
    static Process start(StackAddresses stack, String database, Path log, List<String> settings) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx384m",
                "-Dquarkus.http.port=0",
                "-Dkafka.bootstrap.servers=" + stack.kafkaBootstrapServers(),
                "-Dmarketflow.db.host=" + stack.dbHost(),
                "-Dmarketflow.db.port=" + stack.dbPort(),
                "-Dmarketflow.db.name=" + database,
                "-Dmarketflow.db.user=" + stack.dbUser(),
                "-Dmarketflow.db.password=" + stack.dbPassword(),
                "-Dmarketflow.registry.refresh-interval=1s",
                "-Dmarketflow.aggregator.context.refresh-interval=1s"));
        command.addAll(settings);
        command.addAll(List.of("-jar", APP.toString()));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** SIGKILL (Process.destroyForcibly on Linux): no shutdown hook, no last commit. */
    static void kill(Process process) throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(20, TimeUnit.SECONDS);
    }

    /** Graceful stop (SIGTERM), forcibly after 20 s. */
    static void stop(Process process) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            kill(process);
        }
    }
}
