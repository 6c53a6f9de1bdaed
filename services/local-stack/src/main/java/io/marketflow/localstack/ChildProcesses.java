package io.marketflow.localstack;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Launches server processes that outlive this JVM, runs short tools, stops processes and reads log tails. */
final class ChildProcesses {

    private static final File DEV_NULL = new File("/dev/null");
    private static final Path SETSID = Path.of("/usr/bin/setsid");

    private ChildProcesses() {
    }

    /**
     * Starts a long-running server. Every stream goes to the log file, never to a pipe, so nobody waits on us;
     * setsid puts it in its own session so a Ctrl-C in the terminal that ran {@code start} does not reach it.
     *
     * @param command the server's command line
     * @param workDir its working directory
     * @param log the file receiving its stdout and stderr
     * @return the started process (setsid execs in place, so its PID is the server's)
     */
    static Process launch(List<String> command, Path workDir, Path log) {
        List<String> full = new ArrayList<>();
        if (Files.isExecutable(SETSID)) {
            full.add(SETSID.toString());
        }
        full.addAll(command);
        try {
            Files.createDirectories(log.getParent());
            return new ProcessBuilder(full).directory(workDir.toFile())
                    .redirectInput(DEV_NULL)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run " + String.join(" ", full), e);
        }
    }

    /**
     * Runs a short tool to completion (initdb, pg_ctl), its output appended to a log.
     *
     * @param command the tool's command line
     * @param log the file receiving its output
     * @param timeout how long it may take
     * @return the exit code
     */
    static int run(List<String> command, Path log, Duration timeout) {
        try {
            Files.createDirectories(log.getParent());
            Process process = new ProcessBuilder(command)
                    .redirectInput(DEV_NULL)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish within " + timeout);
            }
            return process.exitValue();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running " + command.get(0), e);
        }
    }

    /**
     * Asks a process to stop (SIGTERM) and waits; kills it only if it ignores the request.
     *
     * @param process the process
     * @param grace how long a clean shutdown may take
     */
    static void terminate(ProcessHandle process, Duration grace) {
        process.destroy();
        if (!awaitExit(process, grace)) {
            process.destroyForcibly();
            awaitExit(process, grace);
        }
    }

    /**
     * Polls instead of {@code onExit()}: for a process that is not our child (the usual case, it was started by an
     * earlier {@code start}) the JDK backs off to multi-second sleeps and a stop would take seconds longer.
     *
     * @param process the process
     * @param timeout how long to wait
     * @return true when it has exited
     */
    static boolean awaitExit(ProcessHandle process, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (running(process)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return !running(process);
            }
        }
        return true;
    }

    /**
     * A server that exited stays a zombie until PID 1 reaps it (our servers are re-parented to it, and on some
     * machines it reaps only every second or two); a zombie holds no port and counts as stopped.
     *
     * @param process any process
     * @return true when it is alive and not a zombie
     */
    static boolean running(ProcessHandle process) {
        if (!process.isAlive()) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(process.pid()), "stat"));
            // "pid (command) S ...": the state follows the last ')', the command itself may contain one.
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException | RuntimeException e) {
            // No /proc entry: it is gone, or this is not Linux and isAlive() is all we know.
            return Files.isDirectory(Path.of("/proc")) ? false : process.isAlive();
        }
    }

    /** @return {@code unshare -U} when running as root: initdb and postgres refuse to run as uid 0 */
    static List<String> userNamespacePrefix() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                // "Uid: real effective saved fs"
                if (line.startsWith("Uid:") && "0".equals(line.split("\\s+")[2])) {
                    return List.of("unshare", "-U");
                }
            }
        } catch (IOException e) {
            // No /proc: not Linux as root, nothing to work around.
        }
        return List.of();
    }

    /**
     * @param log a server's log file
     * @param lines how many lines to keep
     * @return the last lines, for error messages
     */
    static String tail(Path log, int lines) {
        try (var file = new java.io.RandomAccessFile(log.toFile(), "r")) {
            // Only the end matters, and a server log can be large.
            long start = Math.max(0, file.length() - 64 * 1024);
            byte[] bytes = new byte[(int) (file.length() - start)];
            file.seek(start);
            file.readFully(bytes);
            List<String> all = new String(bytes, StandardCharsets.UTF_8).lines().toList();
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log at " + log + ")";
        }
    }
}
