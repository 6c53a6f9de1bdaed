package io.marketflow.localstack;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

import kafka.tools.StorageTool;

/** A single-node KRaft Kafka broker running as a child JVM on this module's classpath. */
final class KafkaServer extends ManagedServer {

    private final List<String> classpath;

    /**
     * @param settings the stack's settings
     * @param classpath the jars the child JVM runs on (this module's runtime classpath)
     */
    KafkaServer(StackSettings settings, List<String> classpath) {
        super(settings, ServerKind.KAFKA);
        this.classpath = classpath;
    }

    @Override
    ServerKind kind() {
        return ServerKind.KAFKA;
    }

    @Override
    Endpoint endpoint() {
        return settings.kafka();
    }

    @Override
    List<Endpoint> extraPorts() {
        return List.of(new Endpoint("127.0.0.1", settings.kafkaControllerPort(),
                settings.kafka().variable() + " (the controller uses its port + 1)"));
    }

    @Override
    Optional<String> identify() {
        try {
            describeCluster(3000);
            return Optional.empty();
        } catch (Exception e) {
            return Optional.of("it does not answer a Kafka describeCluster (" + e.getClass().getSimpleName() + ")");
        }
    }

    @Override
    ProcessHandle launch() {
        Path properties = writeServerProperties();
        // The local profile keeps its data: a formatted log folder already has its cluster id and must keep it.
        if (!Files.isRegularFile(dir.resolve("logs/meta.properties"))) {
            format(properties);
        }
        List<String> command = List.of(ChildJava.executable(), "-Xmx1g", "-Xms256m",
                "-Dorg.slf4j.simpleLogger.showDateTime=true", "-cp", String.join(":", classpath),
                "kafka.Kafka", properties.toString());
        return ChildProcesses.launch(command, dir, log()).toHandle();
    }

    @Override
    boolean ready() {
        if (!settings.kafka().accepts()) {
            return false;
        }
        try {
            describeCluster(2000);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private void describeCluster(int timeoutMs) throws InterruptedException, ExecutionException, TimeoutException {
        Map<String, Object> config = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.kafka().hostPort(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
        try (Admin admin = Admin.create(config)) {
            admin.describeCluster().clusterId().get(timeoutMs, TimeUnit.MILLISECONDS);
        }
    }

    private Path writeServerProperties() {
        String host = settings.kafka().host();
        int port = settings.kafka().port();
        int controllerPort = settings.kafkaControllerPort();
        String text = String.join("\n",
                "# Written by local-stack on every fresh start.",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://" + host + ":" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
                "log.dirs=" + dir.resolve("logs"),
                "num.partitions=3",
                "auto.create.topics.enable=true",
                // One broker: every internal topic needs replication factor 1, or consumers silently get nothing.
                "offsets.topic.replication.factor=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                // Fewer internal partitions than the default 50: creating them is most of a first consumer's wait.
                "offsets.topic.num.partitions=10",
                "transaction.state.log.num.partitions=10",
                "group.initial.rebalance.delay.ms=0",
                "");
        Path file = dir.resolve("server.properties");
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** Formats the log directory in this JVM: the same StorageTool as the CLI, without paying another JVM start. */
    private void format(Path properties) {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int code;
        try (PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            code = StorageTool.execute(new String[] {"format",
                "-t", Uuid.randomUuid().toString(), "-c", properties.toString()}, out);
        }
        if (code != 0) {
            throw new IllegalStateException("Kafka storage format failed (exit " + code + "): "
                    + output.toString(StandardCharsets.UTF_8));
        }
    }
}
