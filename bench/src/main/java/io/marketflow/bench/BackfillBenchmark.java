package io.marketflow.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

import io.marketflow.localstack.LocalStackProcess;
import io.marketflow.localstack.Profile;
import io.marketflow.localstack.StackAddresses;

/**
 * The historical backfill (packaged ingest-market) against a bars server that enforces a fixed-window rate limit
 * ({@link RateLimitedBarsServer}): sustained request rate versus the allowed rate, 429s per window, and bars per second
 * acknowledged by Kafka. Runs on the local stack in a database and topics of its own, which it drops at the end.
 * Usage: {@code BackfillBenchmark <repo-root> [measured-windows] [requests-per-window] [window-seconds]}; the service's JVM
 * options from {@code BENCH_JVM_OPTIONS} (default {@value #DEFAULT_JVM_OPTIONS}). It also reports the service's peak
 * resident memory, to hold against the memory limits of its Deployment.
 */
public final class BackfillBenchmark {

    static final String DEFAULT_JVM_OPTIONS = "-Xmx512m";
    private static final Pattern BARS = Pattern.compile("marketflow_backfill_bars_total\\{source=\"alpaca\"} ([0-9.E]+)");

    private BackfillBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        int measured = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int limit = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        long windowMillis = (args.length > 3 ? Long.parseLong(args[3]) : 6) * 1000;
        StackAddresses stack = LocalStackProcess.ensureRunning(Profile.LOCAL);
        try {
            run(root, stack, measured, limit, windowMillis);
        } finally {
            if (!stack.started().isEmpty()) {
                LocalStackProcess.stop(Profile.LOCAL, stack.started());
            }
        }
    }

    private static void run(Path root, StackAddresses stack, int measured, int limit, long windowMillis) throws Exception {
        String run = Long.toString(System.currentTimeMillis());
        String topic = "bench.h_alpaca." + run;
        String database = "marketflow_bench_" + run;
        sql(stack, stack.dbName(), "CREATE DATABASE " + database);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers()));
                RateLimitedBarsServer bars = new RateLimitedBarsServer(limit, windowMillis)) {
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1), new NewTopic(topic + ".dlq", 3, (short) 1))).all().get();
            int port = freePort();
            Process service = startService(root, stack, database, topic, bars.url(), port, limit, windowMillis);
            try {
                // Warm-up: the service starts, migrates its database, and its first window is partial.
                long firstFull = awaitRequests(bars, service) + 2;
                awaitWindow(bars, firstFull);
                double barsAtStart = barsTotal(port);
                long offsetsAtStart = endOffsets(admin, topic);
                long start = System.nanoTime();
                awaitWindow(bars, firstFull + measured);
                double seconds = (System.nanoTime() - start) / 1e9;
                double barsPerSecond = (barsTotal(port) - barsAtStart) / seconds;
                double messagesPerSecond = (endOffsets(admin, topic) - offsetsAtStart) / seconds;
                report(bars, firstFull, measured, limit, windowMillis, barsPerSecond, messagesPerSecond);
                System.out.printf("peak RSS (VmHWM)    : %d MiB with %s%n", peakRssKb(service) / 1024, jvmOptions());
            } finally {
                service.destroy();
                service.waitFor(30, TimeUnit.SECONDS);
            }
            admin.deleteTopics(List.of(topic, topic + ".dlq")).all().get();
        } finally {
            sql(stack, stack.dbName(), "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }

    private static void report(RateLimitedBarsServer bars, long first, int measured, int limit, long windowMillis,
            double barsPerSecond, double messagesPerSecond) {
        Map<Long, long[]> windows = new TreeMap<>(bars.windows());
        long ok = 0;
        long maxRejected = 0;
        long rejected = 0;
        System.out.printf("%nwindow  200s  429s%n");
        for (long w = first; w < first + measured; w++) {
            long[] counts = windows.getOrDefault(w, new long[2]);
            ok += counts[0];
            rejected += counts[1];
            maxRejected = Math.max(maxRejected, counts[1]);
            System.out.printf("%6d %5d %5d%n", w, counts[0], counts[1]);
        }
        double allowed = limit * 1000.0 / windowMillis;
        double sustained = ok * 1000.0 / (measured * windowMillis);
        System.out.printf("%nallowed rate        : %.2f requests/s (%d per %d ms)%n", allowed, limit, windowMillis);
        System.out.printf("sustained rate      : %.2f requests/s over %d windows = %.3f of allowed (target >= 0.95)%n", sustained,
                measured, sustained / allowed);
        System.out.printf("429s                : %d in total, at most %d in one window (target <= 1)%n", rejected, maxRejected);
        System.out.printf("bars into Kafka     : %,.0f bars/s (%,.1f WeekBars messages/s)%n", barsPerSecond, messagesPerSecond);
    }

    private static Process startService(Path root, StackAddresses stack, String database, String topic, String barsUrl, int port,
            int limit, long windowMillis) throws IOException {
        Path jar = root.resolve("services/ingest-market/target/quarkus-app/quarkus-run.jar");
        Path log = Files.createTempFile(root.resolve("bench/target"), "ingest-market-backfill-", ".log");
        System.out.println("service log: " + log);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(jvmOptions().split("\\s+")));
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.put("KAFKA_BOOTSTRAP_SERVERS", stack.kafkaBootstrapServers());
        env.put("MARKETFLOW_DB_HOST", stack.dbHost());
        env.put("MARKETFLOW_DB_PORT", String.valueOf(stack.dbPort()));
        env.put("MARKETFLOW_DB_NAME", database);
        env.put("MARKETFLOW_DB_USER", stack.dbUser());
        env.put("MARKETFLOW_DB_PASSWORD", stack.dbPassword());
        env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        env.put("ALPACA_API_KEY_ID", "bench-key");
        env.put("ALPACA_API_SECRET_KEY", "bench-secret");
        env.put("QUARKUS_REST_CLIENT_ALPACA_DATA_URL", barsUrl);
        // The service's budget is the server's, per minute: 200 per 6 s is 2000 per minute.
        env.put("MARKETFLOW_MARKET_ALPACA_REQUESTS_PER_MINUTE", String.valueOf(Math.round(limit * 60_000.0 / windowMillis)));
        env.put("MARKETFLOW_MARKET_ALPACA_PAGE_LIMIT", "1000");
        env.put("MARKETFLOW_MARKET_BACKFILL_START", "2016-01-04");
        env.put("MARKETFLOW_MARKET_BACKFILL_END", "2025-12-31");
        env.put("MARKETFLOW_MARKET_BACKFILL_WORKERS", "4");
        env.put("MARKETFLOW_MARKET_SYNTHETIC_MODE", "off");
        env.put("MARKETFLOW_MARKET_REALTIME_ENABLED", "false");
        env.put("MP_MESSAGING_OUTGOING_H_ALPACA_TOPIC", topic);
        env.put("MP_MESSAGING_OUTGOING_H_ALPACA_DLQ_TOPIC", topic + ".dlq");
        // BENCH_APP_X=y sets X=y for the service, to compare settings without editing code.
        System.getenv().forEach((name, value) -> {
            if (name.startsWith("BENCH_APP_")) {
                env.put(name.substring("BENCH_APP_".length()), value);
            }
        });
        return builder.start();
    }

    static String jvmOptions() {
        String options = System.getenv("BENCH_JVM_OPTIONS");
        return options == null || options.isBlank() ? DEFAULT_JVM_OPTIONS : options.trim();
    }

    /** @return the process's peak resident set size so far ({@code VmHWM} of {@code /proc/<pid>/status}), in KiB */
    static long peakRssKb(Process process) throws IOException {
        return Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status")).stream()
                .filter(line -> line.startsWith("VmHWM:"))
                .mapToLong(line -> Long.parseLong(line.replaceAll("\\D", "")))
                .findFirst().orElse(-1);
    }

    private static long awaitRequests(RateLimitedBarsServer bars, Process service) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (bars.windows().isEmpty()) {
            if (!service.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("the backfill sent no request (see the service log)");
            }
            Thread.sleep(100);
        }
        return bars.windows().keySet().stream().mapToLong(Long::longValue).min().orElseThrow();
    }

    /** Waits until window {@code index} (counted from the server's start) begins. */
    private static void awaitWindow(RateLimitedBarsServer bars, long index) throws InterruptedException {
        while (!bars.windows().containsKey(index) && !bars.windows().keySet().stream().anyMatch(w -> w > index)) {
            Thread.sleep(20);
        }
    }

    private static double barsTotal(int port) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        Matcher matcher = BARS.matcher(response.body());
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
    }

    private static long endOffsets(Admin admin, String topic) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new TreeMap<>(java.util.Comparator.comparing(TopicPartition::toString));
        for (int p = 0; p < 3; p++) {
            latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        return admin.listOffsets(latest).all().get().values().stream().mapToLong(info -> info.offset()).sum();
    }

    static void sql(StackAddresses stack, String database, String statement) throws Exception {
        String url = "jdbc:postgresql://" + stack.dbHost() + ":" + stack.dbPort() + "/" + database;
        try (Connection connection = DriverManager.getConnection(url, stack.dbUser(), stack.dbPassword());
                Statement sql = connection.createStatement()) {
            sql.execute(statement);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
