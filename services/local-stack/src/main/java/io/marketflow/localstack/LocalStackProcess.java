package io.marketflow.localstack;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Runs {@link LocalStackMain} in a child JVM, from any JVM. It uses only the JDK: service test JVMs load it with all
 * of this module's dependencies excluded, and the child gets Kafka, the JDBC driver and the rest from
 * {@code target/local-stack.classpath}.
 */
public final class LocalStackProcess {

    private static final long TIMEOUT_MINUTES = 3;
    /** A name, not {@code LocalStackMain.class}: loading that class could pull in classes that need Kafka. */
    private static final String MAIN_CLASS = "io.marketflow.localstack.LocalStackMain";

    private LocalStackProcess() {
    }

    /**
     * Starts what is not running yet (reusing what answers) and waits until every server answers.
     *
     * @param profile which stack
     * @return the addresses; {@link StackAddresses#started()} says which servers this call launched
     * @throws IllegalStateException with the child's output when the stack cannot start
     */
    public static StackAddresses ensureRunning(Profile profile) {
        // The child prints no secret; it took them from this environment, which it inherited.
        return StackAddresses.parse(runMain("start", "--profile", profile.id()))
                .withSecretsOf(StackSettings.of(profile, System.getenv(), ProjectLayout.fromWorkingDirectory()));
    }

    /**
     * Stops servers this stack started; servers it only reused are never touched.
     *
     * @param profile which stack
     * @param only which servers (for example only those one test JVM started)
     */
    public static void stop(Profile profile, Set<ServerKind> only) {
        if (!only.isEmpty()) {
            runMain("stop", "--profile", profile.id(), "--only",
                    only.stream().map(ServerKind::id).collect(Collectors.joining(",")));
        }
    }

    /**
     * Builds the stop command now and returns a task that only runs it. Meant for a JVM shutdown hook: by then the
     * class loader that loaded this class (a Quarkus test class loader) may be closed, so the task must not need any
     * class that is not loaded yet, only the JDK's.
     *
     * @param profile which stack
     * @param only which servers to stop
     * @return a task that stops them, logging (not throwing) a failure
     */
    public static Runnable stopTask(Profile profile, Set<ServerKind> only) {
        ProcessBuilder stop = new ProcessBuilder(command("stop", "--profile", profile.id(), "--only",
                only.stream().map(ServerKind::id).collect(Collectors.joining(","))))
                .directory(ProjectLayout.fromWorkingDirectory().root().toFile())
                .redirectInput(new File("/dev/null"))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        return new StopTask(stop);
    }

    private static List<String> command(String... args) {
        ProjectLayout layout = ProjectLayout.fromWorkingDirectory();
        List<String> command = new ArrayList<>(List.of(ChildJava.executable(),
                // A short-lived CLI: quick JIT and a small heap start fastest.
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m",
                "-cp", classpath(layout), MAIN_CLASS));
        command.addAll(List.of(args));
        return command;
    }

    private static List<String> runMain(String... args) {
        ProjectLayout layout = ProjectLayout.fromWorkingDirectory();
        List<String> command = command(args);
        List<String> output = new ArrayList<>();
        try {
            Process process = new ProcessBuilder(command).directory(layout.root().toFile())
                    .redirectInput(new File("/dev/null"))
                    .redirectErrorStream(true)
                    .start();
            try (BufferedReader reader = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    output.add(line);
                    if (line.startsWith("local-stack:")) {
                        // Through System.err, not the inherited descriptor, so surefire captures it cleanly.
                        System.err.println(line);
                    }
                }
            }
            if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("local-stack " + args[0] + " did not finish within "
                        + TIMEOUT_MINUTES + " min");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("local-stack " + String.join(" ", args) + " failed (exit "
                        + process.exitValue() + "):\n" + String.join("\n", output));
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running local-stack " + args[0], e);
        }
    }

    private static String classpath(ProjectLayout layout) {
        Path file = layout.classpathFile();
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("Missing " + file + ". Build the local stack first: "
                    + "./mvnw -pl services/local-stack package -DskipTests");
        }
        try {
            return Files.readString(file).trim() + File.pathSeparator + layout.moduleClasses();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }


    /** Runs a prepared stop command; loaded when created, so running it needs nothing but the JDK. */
    private static final class StopTask implements Runnable {

        private final ProcessBuilder stop;

        StopTask(ProcessBuilder stop) {
            this.stop = stop;
        }

        @Override
        public void run() {
            try {
                // No string concatenation here: even its bootstrap would be new code to link at JVM exit.
                if (stop.start().waitFor() != 0) {
                    System.err.println("local-stack: stopping the test stack failed; run LocalStackMain stop --profile test");
                }
            } catch (Exception e) {
                System.err.println("local-stack: could not stop the test stack");
                e.printStackTrace();
            }
        }
    }
}
