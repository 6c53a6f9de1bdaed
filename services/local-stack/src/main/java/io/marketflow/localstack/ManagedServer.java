package io.marketflow.localstack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** One server of the stack: how to recognise it on its port, launch it fresh, see that it answers and stop it. */
abstract class ManagedServer {

    protected final StackSettings settings;
    protected final Path dir;

    /**
     * @param settings the stack's settings
     * @param kind which server this is; names its data subfolder
     */
    ManagedServer(StackSettings settings, ServerKind kind) {
        this.settings = settings;
        this.dir = settings.dataDir().resolve(kind.id());
    }

    /** @return which server this is */
    abstract ServerKind kind();

    /** @return the address clients use */
    abstract Endpoint endpoint();

    /** @return further local ports a fresh start needs free, each with the variable that moves it */
    List<Endpoint> extraPorts() {
        return List.of();
    }

    /**
     * Called only when the port accepts connections.
     *
     * @return empty when the right kind of server answers there, else what answers instead
     */
    abstract Optional<String> identify();

    /**
     * Starts a fresh server in its own process; the data folder exists and the port is free.
     *
     * @return the server's process
     */
    abstract ProcessHandle launch();

    /** @return true once the server answers requests */
    abstract boolean ready();

    /** Work after the first successful answer (PostgreSQL creates the application role and database). */
    void afterReady() {
    }

    /** @param process the server's process, asked to stop cleanly */
    void stop(ProcessHandle process) {
        ChildProcesses.terminate(process, Duration.ofSeconds(30));
    }

    /** @return the server's log file */
    Path log() {
        return dir.resolve("server.log");
    }

    /** @return the PID file of the server this stack started */
    PidFile pidFile() {
        return new PidFile(dir.resolve("server.pid"));
    }

    /** @return this server's data subfolder */
    Path dir() {
        return dir;
    }
}
