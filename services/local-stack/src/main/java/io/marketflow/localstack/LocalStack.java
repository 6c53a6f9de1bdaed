package io.marketflow.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/** Starts, reuses, reports on and stops the stack's servers; one instance per profile and command. */
public final class LocalStack {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(150);

    private final StackSettings settings;
    private final List<ManagedServer> servers;
    private final Consumer<String> progress;

    /**
     * @param settings addresses, credentials and data folder
     * @param layout where the build put the Kafka classpath and the S3Proxy jar
     * @param progress receives one line per step (the CLI prints them on stderr)
     */
    public LocalStack(StackSettings settings, ProjectLayout layout, Consumer<String> progress) {
        this.settings = settings;
        this.progress = progress;
        this.servers = List.of(new KafkaServer(settings, kafkaClasspath(layout)),
                new S3ProxyServer(settings, layout.s3proxyJar()), new PostgresServer(settings));
    }

    /**
     * Reuses every server whose port already answers as the right kind and starts the others, in parallel.
     *
     * @return the addresses, which servers were started now and the PIDs of the servers the stack manages
     * @throws IllegalStateException when a port is taken by something else or a server does not come up
     */
    public StackAddresses start() {
        try (StackLock ignored = lock()) {
            List<ManagedServer> toStart = new ArrayList<>();
            List<String> problems = new ArrayList<>();
            for (ManagedServer server : servers) {
                classify(server, toStart, problems);
            }
            if (!problems.isEmpty()) {
                throw new IllegalStateException(String.join("\n", problems));
            }
            // One thread per server: Kafka's start dominates, the others finish while it boots.
            ExecutorService executor = Executors.newFixedThreadPool(servers.size());
            try {
                List<CompletableFuture<Void>> starts = new ArrayList<>();
                for (ManagedServer server : toStart) {
                    starts.add(CompletableFuture.runAsync(() -> startFresh(server), executor));
                }
                awaitAll(starts, toStart);
            } finally {
                executor.shutdown();
            }
            Set<ServerKind> started = EnumSet.noneOf(ServerKind.class);
            toStart.forEach(server -> started.add(server.kind()));
            List<String> created = new TopicProvisioner(settings.kafka().hostPort()).ensureContractTopics();
            if (!created.isEmpty()) {
                progress.accept("kafka: created topics " + String.join(", ", created));
            }
            return addresses(started);
        }
    }

    /**
     * Stops the servers this stack started (those with a live PID file); reused servers are left alone.
     *
     * @param only which servers to consider
     * @return the servers that were stopped
     */
    public Set<ServerKind> stop(Set<ServerKind> only) {
        try (StackLock ignored = lock()) {
            Set<ServerKind> stopped = EnumSet.noneOf(ServerKind.class);
            for (ManagedServer server : servers) {
                if (!only.contains(server.kind())) {
                    continue;
                }
                Optional<ProcessHandle> process = server.pidFile().alive();
                if (process.isPresent()) {
                    long begin = System.nanoTime();
                    server.stop(process.get());
                    progress.accept(server.kind().id() + ": stopped pid " + process.get().pid() + " in "
                            + (System.nanoTime() - begin) / 1_000_000 + " ms");
                    stopped.add(server.kind());
                }
                server.pidFile().delete();
            }
            return stopped;
        }
    }

    /** @return one line per server: its address, whether it answers and whether this stack started it */
    public List<String> status() {
        List<String> lines = new ArrayList<>();
        for (ManagedServer server : servers) {
            Optional<ProcessHandle> ours = server.pidFile().alive();
            String state;
            if (!server.endpoint().accepts()) {
                state = ours.isPresent() ? "not answering (pid " + ours.get().pid() + " alive)" : "not running";
            } else {
                Optional<String> problem = server.identify();
                state = problem.map(p -> "port taken: " + p)
                        .orElse(ours.map(p -> "running, pid " + p.pid()).orElse("running, not started by local-stack"));
            }
            lines.add(server.kind().id() + " " + server.endpoint().hostPort() + ": " + state);
        }
        return lines;
    }

    /** @return the addresses clients use, without starting anything */
    public StackAddresses addresses(Set<ServerKind> started) {
        Map<ServerKind, Long> pids = new LinkedHashMap<>();
        for (ManagedServer server : servers) {
            server.pidFile().alive().ifPresent(p -> pids.put(server.kind(), p.pid()));
        }
        return new StackAddresses(settings.kafka().hostPort(), settings.s3Endpoint(), settings.s3AccessKey(),
                settings.s3SecretKey(), settings.db().host(), settings.db().port(), settings.dbName(),
                settings.dbUser(), settings.dbPassword(), started, pids);
    }

    private void classify(ManagedServer server, List<ManagedServer> toStart, List<String> problems) {
        Endpoint endpoint = server.endpoint();
        String name = server.kind().id();
        if (endpoint.accepts()) {
            Optional<String> problem = server.identify();
            if (problem.isPresent() && server.kind() == ServerKind.POSTGRES && server.pidFile().alive().isPresent()) {
                // Our own PostgreSQL, but a previous start died before creating the role: finish that now.
                server.afterReady();
                problem = server.identify();
            }
            if (problem.isEmpty()) {
                progress.accept(name + ": reusing the server on " + endpoint.hostPort());
            } else {
                problems.add("Port " + endpoint.port() + " (" + name + ") is taken, but " + problem.get()
                        + ". Stop that process or choose another port with " + endpoint.variable() + ".");
            }
            return;
        }
        if (!endpoint.isLocal()) {
            problems.add(name + " at " + endpoint.hostPort() + " does not answer, and the local stack only starts servers"
                    + " on this machine. Check " + endpoint.variable() + ".");
            return;
        }
        for (Endpoint extra : server.extraPorts()) {
            if (extra.accepts()) {
                problems.add("Port " + extra.port() + " (" + name + ") is taken by another process. Stop it or change "
                        + extra.variable() + ".");
                return;
            }
        }
        toStart.add(server);
    }

    private void startFresh(ManagedServer server) {
        String name = server.kind().id();
        // A process of ours that is alive but not answering is hung or half-started: replace it.
        server.pidFile().alive().ifPresent(stale -> {
            progress.accept(name + ": replacing unresponsive pid " + stale.pid());
            server.stop(stale);
        });
        server.pidFile().delete();
        try {
            if (settings.profile() == Profile.TEST) {
                // Tests start from empty servers; the wipe happens only when starting fresh, never under a reused server.
                PostgresBinaries.deleteTree(server.dir());
            }
            Files.createDirectories(server.dir());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        progress.accept(name + ": starting on " + server.endpoint().hostPort() + " (log " + server.log() + ")");
        Instant begin = Instant.now();
        ProcessHandle process = server.launch();
        server.pidFile().write(process);
        awaitReady(server, process);
        server.afterReady();
        progress.accept(name + ": ready in " + Duration.between(begin, Instant.now()).toMillis() + " ms (pid "
                + process.pid() + ")");
    }

    private void awaitReady(ManagedServer server, ProcessHandle process) {
        Instant deadline = Instant.now().plus(READY_TIMEOUT);
        while (!server.ready()) {
            if (!ChildProcesses.running(process)) {
                throw new IllegalStateException(server.kind().id() + " exited during start; last lines of " + server.log()
                        + ":\n" + ChildProcesses.tail(server.log(), 30));
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(server.kind().id() + " did not answer on " + server.endpoint().hostPort()
                        + " within " + READY_TIMEOUT.toSeconds() + " s; last lines of " + server.log() + ":\n"
                        + ChildProcesses.tail(server.log(), 30));
            }
            try {
                Thread.sleep(POLL_INTERVAL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for " + server.kind().id(), e);
            }
        }
    }

    /** Waits for every start; if one fails, stops the ones this call started so no half stack stays behind. */
    private void awaitAll(List<CompletableFuture<Void>> starts, List<ManagedServer> started) {
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < starts.size(); i++) {
            try {
                starts.get(i).join();
            } catch (CompletionException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                failures.add(started.get(i).kind().id() + " failed to start: " + cause.getMessage());
            }
        }
        if (failures.isEmpty()) {
            return;
        }
        for (ManagedServer server : started) {
            server.pidFile().alive().ifPresent(server::stop);
            server.pidFile().delete();
        }
        throw new IllegalStateException(String.join("\n", failures));
    }

    /** Serialises start/stop across processes: two test JVMs starting the same stack must not both launch servers. */
    private StackLock lock() {
        Path lockFile = settings.dataDir().resolveSibling(settings.dataDir().getFileName() + ".lock");
        try {
            Files.createDirectories(lockFile.getParent());
            FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            channel.lock();
            return new StackLock(channel);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot lock " + lockFile, e);
        }
    }

    private static List<String> kafkaClasspath(ProjectLayout layout) {
        try {
            if (Files.isRegularFile(layout.classpathFile())) {
                return List.of(Files.readString(layout.classpathFile()).trim().split(":"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // Not built through Maven (an IDE run): this JVM's own classpath holds Kafka too.
        return List.of(System.getProperty("java.class.path").split(":"));
    }

    /** Holds the profile's lock file; closing the channel releases the lock. */
    private record StackLock(FileChannel channel) implements AutoCloseable {
        @Override
        public void close() {
            try {
                channel.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
