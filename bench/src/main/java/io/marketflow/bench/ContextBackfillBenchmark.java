package io.marketflow.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

import io.marketflow.bench.ContextProvidersServer.Arrival;
import io.marketflow.localstack.LocalStackProcess;
import io.marketflow.localstack.Profile;
import io.marketflow.localstack.StackAddresses;

/**
 * The context backfills against providers that answer at once ({@link ContextProvidersServer}): the packaged
 * ingest-macro backfills FRED (then the World Bank), the packaged ingest-fundamentals refreshes every active company from
 * FMP, each in a database and topics of its own on the local stack, dropped at the end. Reports, per provider, the
 * request rate the service achieved against the rate it is allowed (its limiter's setting, which the server enforces
 * with 429s per fixed minute). Usage: {@code ContextBackfillBenchmark <repo-root> [fred/min=120] [worldbank/min=30]
 * [fmp/min=120] [fred-rows-per-series=2000]}. Bench only: never part of the test suite.
 */
public final class ContextBackfillBenchmark {

    private static final Pattern SERIES_DONE = Pattern.compile("marketflow_macro_backfill_series_done(?:\\{[^}]*})? ([0-9.E]+)");
    private static final String FRED_KEY = "benchbenchbenchbenchbenchbench12";
    private static final int WORLD_BANK_START_YEAR = 2005;

    private ContextBackfillBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        int fred = args.length > 1 ? Integer.parseInt(args[1]) : 120;
        int worldBank = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        int fmp = args.length > 3 ? Integer.parseInt(args[3]) : 120;
        int fredRows = args.length > 4 ? Integer.parseInt(args[4]) : 2000;
        StackAddresses stack = LocalStackProcess.ensureRunning(Profile.LOCAL);
        List<String> report = new ArrayList<>();
        try (ContextProvidersServer server = new ContextProvidersServer(root, Map.of("fred", fred, "worldbank", worldBank, "fmp", fmp), fredRows)) {
            macro(root, stack, server, report, fred, worldBank);
            int before = server.arrivals().size();
            fundamentals(root, stack, server, report, fmp, before);
        } finally {
            if (!stack.started().isEmpty()) {
                LocalStackProcess.stop(Profile.LOCAL, stack.started());
            }
        }
        System.out.printf("%nprovider   requests  429s  span (s)  achieved req/s  allowed req/s  ratio%n");
        report.forEach(System.out::println);
        System.out.printf("machine load average (1 min) at the end: %.2f (shared with other builds)%n",
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    private static void macro(Path root, StackAddresses stack, ContextProvidersServer server, List<String> report, int fred, int worldBank)
            throws Exception {
        String run = Long.toString(System.currentTimeMillis());
        List<String> topics = List.of("h_macrodata", "macrodata", "policy_events").stream().map(t -> "bench." + t + "." + run).toList();
        Map<String, String> env = new java.util.HashMap<>(Map.of(
                "FRED_API_KEY", FRED_KEY,
                "MARKETFLOW_MACRO_FRED_MODE", "live",
                "MARKETFLOW_MACRO_FRED_URL", server.url(),
                "MARKETFLOW_MACRO_FRED_PAGE_LIMIT", "100",
                "MARKETFLOW_MACRO_FRED_REQUESTS_PER_MINUTE", Integer.toString(fred),
                "MARKETFLOW_MACRO_WORLD_BANK_MODE", "live",
                "MARKETFLOW_MACRO_WORLD_BANK_URL", server.url(),
                "MARKETFLOW_MACRO_WORLD_BANK_PER_PAGE", "1",
                "MARKETFLOW_MACRO_WORLD_BANK_START_YEAR", Integer.toString(WORLD_BANK_START_YEAR),
                "MARKETFLOW_MACRO_WORLD_BANK_REQUESTS_PER_MINUTE", Integer.toString(worldBank)));
        env.put("MP_MESSAGING_OUTGOING_H_MACRODATA_TOPIC", topics.get(0));
        env.put("MP_MESSAGING_OUTGOING_H_MACRODATA_DLQ_TOPIC", topics.get(0) + ".dlq");
        env.put("MP_MESSAGING_OUTGOING_MACRODATA_TOPIC", topics.get(1));
        env.put("MP_MESSAGING_OUTGOING_MACRODATA_DLQ_TOPIC", topics.get(1) + ".dlq");
        env.put("MP_MESSAGING_OUTGOING_POLICY_EVENTS_TOPIC", topics.get(2));
        env.put("MP_MESSAGING_OUTGOING_POLICY_EVENTS_DLQ_TOPIC", topics.get(2) + ".dlq");
        withService(root, stack, "ingest-macro", run, topics, env, (port, service) -> {
            // Seven FRED series, then two World Bank indicators; the poll that follows is not measured.
            await(service, Duration.ofMinutes(15), () -> seriesDone(port) >= 9, "the macro backfill did not finish");
            List<Arrival> all = server.arrivals();
            int firstWorldBank = indexOf(all, "worldbank", 0);
            int pollStarts = indexOf(all, "fred", firstWorldBank);
            report.add(line("fred", all.subList(0, firstWorldBank), fred));
            report.add(line("worldbank", all.subList(firstWorldBank, pollStarts), worldBank));
            System.out.printf("ingest-macro peak RSS (VmHWM): %d MiB with %s%n", BackfillBenchmark.peakRssKb(service) / 1024,
                    BackfillBenchmark.jvmOptions());
        });
    }

    private static void fundamentals(Path root, StackAddresses stack, ContextProvidersServer server, List<String> report, int fmp, int before)
            throws Exception {
        String run = Long.toString(System.currentTimeMillis());
        List<String> topics = List.of("bench.h_company." + run);
        Map<String, String> env = new java.util.HashMap<>(Map.of(
                "FMP_API_KEY", "bench-key",
                "MARKETFLOW_FUNDAMENTALS_FMP_MODE", "live",
                "MARKETFLOW_FUNDAMENTALS_FMP_URL", server.url(),
                "MARKETFLOW_FUNDAMENTALS_FMP_REQUESTS_PER_MINUTE", Integer.toString(fmp),
                // The rate is measured here, not the daily budget; every request still takes its row in PostgreSQL.
                "MARKETFLOW_FUNDAMENTALS_FMP_DAILY_LIMIT", "100000",
                "MARKETFLOW_FUNDAMENTALS_FILE_ENABLED", "false",
                "MP_MESSAGING_OUTGOING_H_COMPANY_TOPIC", topics.get(0),
                "MP_MESSAGING_OUTGOING_H_COMPANY_DLQ_TOPIC", topics.get(0) + ".dlq"));
        withService(root, stack, "ingest-fundamentals", run, topics, env, (port, service) -> {
            String database = "marketflow_bench_" + run;
            int expected = 4 * count(stack, database, "SELECT count(*) FROM companies_info WHERE is_active");
            await(service, Duration.ofMinutes(15), () -> server.arrivals().size() - before >= expected, "the FMP refresh did not finish");
            // The last request's budget row is written before it is sent, so the count is complete once it arrived.
            List<Arrival> fmpArrivals = server.arrivals().subList(before, server.arrivals().size());
            report.add(line("fmp", fmpArrivals, fmp));
            int counted = count(stack, database, "SELECT coalesce(sum(used), 0) FROM provider_request_budget WHERE provider = 'fmp'");
            System.out.printf("fmp: %d requests arrived, %d counted in provider_request_budget%n", fmpArrivals.size(), counted);
            System.out.printf("ingest-fundamentals peak RSS (VmHWM): %d MiB with %s%n", BackfillBenchmark.peakRssKb(service) / 1024,
                    BackfillBenchmark.jvmOptions());
        });
    }

    /** Achieved rate over the phase: requests after the first, over the time from the first to the last. */
    private static String line(String provider, List<Arrival> phase, int perMinute) {
        long rejected = phase.stream().filter(a -> a.status() == 429).count();
        double span = phase.size() < 2 ? 0 : (phase.get(phase.size() - 1).nanos() - phase.get(0).nanos()) / 1e9;
        double achieved = span == 0 ? 0 : (phase.size() - 1) / span;
        double allowed = perMinute / 60.0;
        return String.format("%-10s %8d %5d %9.1f %15.3f %14.3f  %.3f", provider, phase.size(), rejected, span, achieved, allowed, achieved / allowed);
    }

    private static int indexOf(List<Arrival> arrivals, String provider, int from) {
        for (int i = from; i < arrivals.size(); i++) {
            if (arrivals.get(i).provider().equals(provider)) {
                return i;
            }
        }
        return arrivals.size();
    }

    /** What a measurement does with the started service. */
    private interface Measurement {
        void run(int port, Process service) throws Exception;
    }

    private static void withService(Path root, StackAddresses stack, String module, String run, List<String> topics, Map<String, String> env,
            Measurement measurement) throws Exception {
        String database = "marketflow_bench_" + run;
        BackfillBenchmark.sql(stack, stack.dbName(), "CREATE DATABASE " + database);
        List<String> all = new ArrayList<>();
        topics.forEach(t -> all.addAll(List.of(t, t + ".dlq")));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers()))) {
            admin.createTopics(all.stream().map(t -> new NewTopic(t, 1, (short) 1)).toList()).all().get();
            int port = BackfillBenchmark.freePort();
            Path log = Files.createTempFile(root.resolve("bench/target"), module + "-backfill-", ".log");
            System.out.println(module + " log: " + log);
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(List.of(BackfillBenchmark.jvmOptions().split("\\s+")));
            command.addAll(List.of("-jar", root.resolve("services/" + module + "/target/quarkus-app/quarkus-run.jar").toString()));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().putAll(Map.of("KAFKA_BOOTSTRAP_SERVERS", stack.kafkaBootstrapServers(), "MARKETFLOW_DB_HOST", stack.dbHost(),
                    "MARKETFLOW_DB_PORT", String.valueOf(stack.dbPort()), "MARKETFLOW_DB_NAME", database, "MARKETFLOW_DB_USER", stack.dbUser(),
                    "MARKETFLOW_DB_PASSWORD", stack.dbPassword(), "QUARKUS_HTTP_PORT", String.valueOf(port)));
            builder.environment().putAll(env);
            Process service = builder.start();
            try {
                measurement.run(port, service);
            } finally {
                service.destroy();
                service.waitFor(30, TimeUnit.SECONDS);
            }
            admin.deleteTopics(all).all().get();
        } finally {
            BackfillBenchmark.sql(stack, stack.dbName(), "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }

    private static void await(Process service, Duration limit, BooleanSupplier done, String failure) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!done.getAsBoolean()) {
            if (!service.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException(failure + " (see the service log)");
            }
            Thread.sleep(200);
        }
    }

    private static double seriesDone(int port) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/metrics")).build(), HttpResponse.BodyHandlers.ofString());
            Matcher matcher = SERIES_DONE.matcher(response.body());
            return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
        } catch (java.io.IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    private static int count(StackAddresses stack, String database, String query) {
        String url = "jdbc:postgresql://" + stack.dbHost() + ":" + stack.dbPort() + "/" + database;
        // The service migrates in the background: until companies_info exists, keep asking.
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (true) {
            try (Connection connection = DriverManager.getConnection(url, stack.dbUser(), stack.dbPassword());
                    ResultSet rows = connection.createStatement().executeQuery(query)) {
                rows.next();
                return rows.getInt(1);
            } catch (java.sql.SQLException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(query + ": " + e.getMessage(), e);
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(interrupted);
                }
            }
        }
    }
}
