package io.marketflow.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import io.marketflow.localstack.LocalStackProcess;
import io.marketflow.localstack.Profile;
import io.marketflow.localstack.StackAddresses;

/**
 * The synthetic generator's top rate into Kafka against Kafka's own {@code ProducerPerformance} with the same record
 * size and producer settings, on the same broker in the same run. Run it with {@code bench/run-producer-bench.sh}.
 */
public final class ProducerBenchmark {

    /** The producer settings of ingest-market's synthetic-trades channel (its application.properties). */
    private static final List<String> PRODUCER_PROPS = List.of("acks=all", "linger.ms=5", "batch.size=65536", "compression.type=lz4");
    private static final Pattern PERF_SUMMARY = Pattern.compile("(\\d+) records sent, ([\\d.]+) records/sec \\(([\\d.]+) MB/sec\\)");

    private ProducerBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        Duration window = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 30);
        // The local profile: the test stack belongs to test runs, which stop it when they end.
        StackAddresses stack = LocalStackProcess.ensureRunning(Profile.LOCAL);
        try {
            run(root, window, stack);
        } finally {
            if (!stack.started().isEmpty()) {
                LocalStackProcess.stop(Profile.LOCAL, stack.started());
            }
        }
    }

    private static void run(Path root, Duration window, StackAddresses stack) throws Exception {
        String run = Long.toString(System.currentTimeMillis());
        String ours = "bench.synthetic." + run;
        String baseline = "bench.baseline." + run;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(ours, 3, (short) 1), new NewTopic(baseline, 3, (short) 1))).all().get();

            Result synthetic = measureSynthetic(root, stack, admin, ours, window);
            int recordSize = (int) Math.round(averageValueSize(stack, ours));
            long records = Math.max(500_000, Math.round(synthetic.recordsPerSecond() * window.toSeconds()));
            Result kafka = producerPerformance(root, stack, baseline, records, recordSize);

            System.out.printf("%nrecord size (bytes, JSON trade): %d%n", recordSize);
            System.out.printf("ProducerPerformance : %,12.0f records/s  %6.2f MB/s  (%,d records)%n", kafka.recordsPerSecond(),
                    kafka.megabytesPerSecond(), records);
            System.out.printf("synthetic generator : %,12.0f records/s  %6.2f MB/s  (%d s window)%n", synthetic.recordsPerSecond(),
                    synthetic.recordsPerSecond() * recordSize / 1024 / 1024, window.toSeconds());
            System.out.printf("ratio               : %.2f (target >= 0.80)%n", synthetic.recordsPerSecond() / kafka.recordsPerSecond());
            admin.deleteTopics(List.of(ours, baseline)).all().get();
        }
    }

    private static Result measureSynthetic(Path root, StackAddresses stack, Admin admin, String topic, Duration window)
            throws Exception {
        Path jar = root.resolve("services/ingest-market/target/quarkus-app/quarkus-run.jar");
        ProcessBuilder builder = new ProcessBuilder(java(), "-Xmx512m", "-jar", jar.toString())
                .redirectErrorStream(true)
                .redirectOutput(Files.createTempFile(root.resolve("bench/target"), "ingest-market-", ".log").toFile());
        Map<String, String> env = builder.environment();
        env.put("KAFKA_BOOTSTRAP_SERVERS", stack.kafkaBootstrapServers());
        env.put("MARKETFLOW_DB_HOST", stack.dbHost());
        env.put("MARKETFLOW_DB_PORT", String.valueOf(stack.dbPort()));
        env.put("MARKETFLOW_DB_NAME", stack.dbName());
        env.put("MARKETFLOW_DB_USER", stack.dbUser());
        env.put("MARKETFLOW_DB_PASSWORD", stack.dbPassword());
        env.put("MARKETFLOW_MARKET_SYNTHETIC_UNTHROTTLED", "true");
        env.put("MP_MESSAGING_OUTGOING_SYNTHETIC_TRADES_TOPIC", topic);
        env.put("QUARKUS_HTTP_PORT", String.valueOf(freePort()));
        // BENCH_APP_X=y sets X=y for the service, to compare settings without editing code.
        System.getenv().forEach((name, value) -> {
            if (name.startsWith("BENCH_APP_")) {
                env.put(name.substring("BENCH_APP_".length()), value);
            }
        });
        Process service = builder.start();
        try {
            // Warm up: wait for the first records, then give the JIT ten seconds before the window opens.
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (endOffsetSum(admin, topic) == 0) {
                if (System.nanoTime() > deadline || !service.isAlive()) {
                    throw new IllegalStateException("ingest-market produced nothing; see bench/target/ingest-market-*.log");
                }
                TimeUnit.MILLISECONDS.sleep(200);
            }
            TimeUnit.SECONDS.sleep(10);
            long start = endOffsetSum(admin, topic);
            long startNanos = System.nanoTime();
            TimeUnit.NANOSECONDS.sleep(window.toNanos());
            long end = endOffsetSum(admin, topic);
            double seconds = (System.nanoTime() - startNanos) / 1e9;
            return new Result((end - start) / seconds, 0);
        } finally {
            service.destroy();
            service.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static Result producerPerformance(Path root, StackAddresses stack, String topic, long records, int recordSize)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(java(), "-Xmx512m", "-cp",
                Files.readString(root.resolve("bench/target/bench.classpath")).trim(),
                "org.apache.kafka.tools.ProducerPerformance", "--topic", topic, "--num-records", String.valueOf(records),
                "--record-size", String.valueOf(recordSize), "--throughput", "-1", "--producer-props",
                "bootstrap.servers=" + stack.kafkaBootstrapServers()));
        command.addAll(PRODUCER_PROPS);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        process.waitFor();
        Matcher summary = null;
        for (String line : output.split("\n")) {
            Matcher m = PERF_SUMMARY.matcher(line);
            if (m.find()) {
                summary = m;
            }
        }
        if (summary == null) {
            throw new IllegalStateException("ProducerPerformance printed no summary:\n" + output);
        }
        return new Result(Double.parseDouble(summary.group(2)), Double.parseDouble(summary.group(3)));
    }

    private static double averageValueSize(StackAddresses stack, String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(Set.of(partition));
            consumer.seekToBeginning(Set.of(partition));
            long bytes = 0;
            int count = 0;
            while (count < 10_000) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofSeconds(2))) {
                    bytes += record.value().length;
                    count++;
                }
            }
            return (double) bytes / count;
        }
    }

    private static long endOffsetSum(Admin admin, String topic) throws Exception {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (int p = 0; p < 3; p++) {
            request.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        return admin.listOffsets(request).all().get().values().stream().mapToLong(info -> info.offset()).sum();
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private record Result(double recordsPerSecond, double megabytesPerSecond) {
    }
}
