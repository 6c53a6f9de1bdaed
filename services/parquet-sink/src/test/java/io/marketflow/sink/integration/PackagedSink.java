package io.marketflow.sink.integration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import io.marketflow.localstack.StackAddresses;

/**
 * The packaged service ({@code target/quarkus-app/quarkus-run.jar}) as a child JVM wired to the test stack, for the
 * integration tests that kill, restart or measure it.
 */
final class PackagedSink {

    private static final Path APP = Path.of("target", "quarkus-app", "quarkus-run.jar");

    private final Process process;

    private PackagedSink(Process process) {
        this.process = process;
    }

    /**
     * @param stack the test stack
     * @param log file receiving stdout and stderr
     * @param jvmArgs extra JVM options and {@code -D} settings, before {@code -jar}
     * @return the started process
     * @throws IOException when the JVM cannot be started
     */
    static PackagedSink start(StackAddresses stack, Path log, List<String> jvmArgs) throws IOException {
        return start(APP, stack, log, jvmArgs);
    }

    /**
     * @param app the {@code quarkus-run.jar} to run (another build of the service, for comparisons)
     * @param stack the test stack
     * @param log file receiving stdout and stderr
     * @param jvmArgs extra JVM options and {@code -D} settings, before {@code -jar}; a {@code -D} repeated here wins
     *                over the defaults (the JVM keeps the last one)
     * @return the started process
     * @throws IOException when the JVM cannot be started
     */
    static PackagedSink start(Path app, StackAddresses stack, Path log, List<String> jvmArgs) throws IOException {
        List<String> command = new ArrayList<>(List.of(javaBin(), "-Dquarkus.http.port=0",
                "-Dkafka.bootstrap.servers=" + stack.kafkaBootstrapServers(),
                "-Dmarketflow.s3.endpoint=" + stack.s3Endpoint(),
                "-Dmarketflow.s3.access-key=" + stack.s3AccessKey(),
                "-Dmarketflow.s3.secret-key=" + stack.s3SecretKey()));
        command.addAll(jvmArgs);
        command.addAll(List.of("-jar", app.toString()));
        return new PackagedSink(new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start());
    }

    /** @return the child process */
    Process process() {
        return process;
    }

    /**
     * @return CPU time the process has used so far, user plus system, in seconds ({@code /proc/<pid>/stat})
     */
    double cpuSeconds() {
        try {
            return cpuSecondsOf(Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @return CPU seconds (user plus system) of the process's live threads, summed by thread name with a trailing
     *         number dropped ({@code GC Thread#0} and {@code #1} as one; the kernel cuts names at 15 characters),
     *         largest first; threads that have ended are missing
     */
    Map<String, Double> cpuSecondsByThread() {
        Map<String, Double> byName = new TreeMap<>();
        try (var tasks = Files.list(Path.of("/proc", Long.toString(process.pid()), "task"))) {
            for (Path task : tasks.toList()) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (IOException e) {
                    continue; // the thread ended meanwhile
                }
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("(?<=[#-])\\d+$", "N");
                byName.merge(name, cpuSecondsOf(stat), Double::sum);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Double> largestFirst = new LinkedHashMap<>();
        byName.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> largestFirst.put(e.getKey(), e.getValue()));
        return largestFirst;
    }

    /** @return user plus system CPU seconds of a {@code /proc} stat line (assuming the usual 100 clock ticks per second) */
    private static double cpuSecondsOf(String stat) {
        // Fields after the command name, which is in parentheses and may contain blanks: utime and stime are 14 and 15.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
    }

    /** @return the process's peak resident set size so far ({@code VmHWM} of {@code /proc/<pid>/status}), in KiB */
    long peakRssKb() {
        try {
            return Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status")).stream()
                    .filter(l -> l.startsWith("VmHWM:"))
                    .mapToLong(l -> Long.parseLong(l.replaceAll("\\D", "")))
                    .findFirst().orElse(-1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Graceful stop (SIGTERM), forcibly after 20 s. */
    void stop() throws InterruptedException {
        stop(process);
    }

    /**
     * Graceful stop (SIGTERM) of a sink process, forcibly after 20 s.
     *
     * @param process the sink's process
     * @throws InterruptedException when interrupted while waiting
     */
    static void stop(Process process) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** @return the {@code java} that runs packaged sinks: this JVM's unless {@code -Dit.java} names another */
    static String javaBin() {
        // -Dit.java=<path to bin/java> runs the packaged sink (and the benchmark's baseline) on another JDK, e.g. the
        // JDK 25 of the JVM image.
        return System.getProperty("it.java", Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /**
     * @param stack the test stack
     * @param topic a topic whose partitions are numbered 0..partitions-1
     * @param group the sink's consumer group
     * @param partitions the topic's partition count
     * @param total the number of records produced
     * @return true when the group's committed offsets reached every partition's end and add up to {@code total}
     * @throws Exception when the broker cannot be asked
     */
    static boolean drained(StackAddresses stack, String topic, String group, int partitions, long total) throws Exception {
        try (Admin admin = admin(stack)) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
            long sum = 0;
            for (int p = 0; p < partitions; p++) {
                TopicPartition tp = new TopicPartition(topic, p);
                long end = admin.listOffsets(Map.of(tp, OffsetSpec.latest())).all().get().get(tp).offset();
                OffsetAndMetadata c = committed.get(tp);
                long offset = c == null ? 0 : c.offset();
                if (offset < end) {
                    return false;
                }
                sum += offset;
            }
            return sum == total;
        }
    }

    /**
     * @param stack the test stack
     * @param topic a new topic's name
     * @param partitions its partitions (replication 1)
     * @throws Exception when the broker refuses
     */
    static void createTopic(StackAddresses stack, String topic, int partitions) throws Exception {
        try (Admin admin = admin(stack)) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
        }
    }

    /**
     * @param stack the test stack
     * @return an admin client on its broker; close it
     */
    static Admin admin(StackAddresses stack) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
        return Admin.create(props);
    }
}
