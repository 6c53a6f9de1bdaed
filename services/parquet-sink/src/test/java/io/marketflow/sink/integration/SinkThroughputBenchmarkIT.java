package io.marketflow.sink.integration;

import static io.marketflow.sink.SinkTestSupport.duckdb;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import io.marketflow.contract.Bar;
import io.marketflow.contract.ContractJson;
import io.marketflow.contract.Trade;
import io.marketflow.contract.WeekBars;
import io.marketflow.localstack.StackAddresses;
import io.marketflow.sink.SinkTestSupport;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Throughput of the packaged sink against Kafka's own {@code ConsumerPerformance} on the same topic in the same run, for
 * the trade and the bar dataset: end to end (JVM start included) and steady state (committed-offset progress between
 * 10 % and 90 % of the topic, JVM start and the last time-based cut excluded), plus the sink's peak RSS. Runs only with
 * {@code -Dbenchmark=true}; writes the numbers to {@code target/benchmark.txt}. {@code -Dbenchmark.jfr=true} records a
 * JFR profile of each sink run into {@code target/}; {@code -Dbenchmark.baseline=<dir>/quarkus-run.jar} also measures
 * another build (e.g. the previous commit's) on the same topics in the same run; {@code -Dbenchmark.variants=name=options|…}
 * also runs this build with other JVM options instead of the shipped ones (e.g. {@code c1=-XX:TieredStopAtLevel=1}).
 */
class SinkThroughputBenchmarkIT {

    private static final int TRADES = Integer.getInteger("benchmark.records", 1_000_000);
    /** One week message of 1-minute bars: 5 sessions of 390 minutes. */
    private static final int BARS_PER_WEEK = 5 * 390;
    private static final int WEEKS = Integer.getInteger("benchmark.weeks", 512);
    private static final int PARTITIONS = 4;
    private static final Path APP = Path.of("target", "quarkus-app", "quarkus-run.jar");
    private static final String BASELINE = System.getProperty("benchmark.baseline", "");
    private static final String VARIANTS = System.getProperty("benchmark.variants", "");
    /**
     * Where the steady-state window starts, in percent of the topic committed (it ends at 90 %): 10 leaves out the JVM
     * start and group join; 50 on a topic twice as long also leaves out the JIT's warm-up, which on two cores takes as
     * much CPU as the sink itself during its first ~20 s (JFR: 10,000 compilations, 21 s of compiler time).
     */
    private static final int STEADY_FROM = Integer.getInteger("benchmark.steady-from", 10);

    @Test
    void measuresSinkThroughputAgainstConsumerPerformance() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("benchmark"), "benchmark runs only with -Dbenchmark=true");
        Path toolsClasspath = Path.of("..", "local-stack", "target", "local-stack.classpath");
        Path repo = Path.of(System.getProperty("user.home"), ".m2", "repository");
        Path kafkaTools = repo.resolve("org/apache/kafka/kafka-tools/4.2.1/kafka-tools-4.2.1.jar");
        Path argparse = repo.resolve("net/sourceforge/argparse4j/argparse4j/0.7.0/argparse4j-0.7.0.jar");
        Assumptions.assumeTrue(Files.exists(toolsClasspath) && Files.exists(kafkaTools) && Files.exists(argparse), "Kafka tools not found");
        String toolsCp = Files.readString(toolsClasspath).trim() + ":" + kafkaTools + ":" + argparse;
        StackAddresses stack = SinkTestSupport.stack();
        String token = SinkTestSupport.runToken();

        StringBuilder report = new StringBuilder();
        report.append(run(stack, toolsCp, token, Dataset.TRADES));
        report.append(run(stack, toolsCp, token, Dataset.BARS));
        Files.writeString(Path.of("target", "benchmark.txt"), report);
        System.out.println(report);
    }

    private String run(StackAddresses stack, String toolsCp, String token, Dataset dataset) throws Exception {
        String topic = dataset.topicPrefix + token.toLowerCase();
        PackagedSink.createTopic(stack, topic, PARTITIONS);
        long[] produced = dataset == Dataset.TRADES ? produceTrades(topic, token) : produceBars(topic, token);
        long messages = produced[0];
        long bytes = produced[1];
        long rows = produced[2];
        double mb = bytes / 1e6;

        // 1. Kafka's own consumer, no processing: the ceiling.
        Path perfLog = Path.of("target", "bench-consumer-perf-" + topic + ".log");
        long perfStart = System.nanoTime();
        // Through bash's `time`, for its CPU time: the sink's is read from /proc while it runs, this one exits by itself.
        String perfCommand = String.join(" ", PackagedSink.javaBin(), "-Xmx1g", "-cp", toolsCp, "org.apache.kafka.tools.ConsumerPerformance",
                "--bootstrap-server", stack.kafkaBootstrapServers(), "--topic", topic, "--messages", Long.toString(messages),
                "--group", "bench-perf-" + token, "--timeout", "60000");
        Process perf = new ProcessBuilder("bash", "-c", "TIMEFORMAT='cpu.seconds %U %S'; time " + perfCommand)
                .redirectErrorStream(true).redirectOutput(perfLog.toFile()).start();
        assertThat(perf.waitFor(5, TimeUnit.MINUTES)).isTrue();
        double perfWall = (System.nanoTime() - perfStart) / 1e9;
        List<String> perfOutput = Files.readAllLines(perfLog, StandardCharsets.UTF_8);
        String perfLine = perfOutput.stream().filter(l -> l.matches("^\\d{4}-\\d{2}-\\d{2} .*")).findFirst().orElseThrow();
        double perfCpu = perfOutput.stream().filter(l -> l.startsWith("cpu.seconds ")).map(l -> l.split(" "))
                .mapToDouble(f -> Double.parseDouble(f[1]) + Double.parseDouble(f[2])).findFirst().orElseThrow();
        // start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms, fetch.time.ms, …
        String[] cols = perfLine.split(",\\s*");
        double perfMsgPerSec = Double.parseDouble(cols[5]);
        double perfMbPerSec = Double.parseDouble(cols[3]) * 1.048576;

        String header = String.format("%s: %d messages, %d rows, %.1f MB, %d partitions%n"
                        + "  ConsumerPerformance: own report %.0f msg/s = %.0f rows/s, %.1f MB/s; wall incl. JVM start %.1f s -> %.0f rows/s, %.1f MB/s%n"
                        + "  ConsumerPerformance CPU (user+sys, incl. JVM start): %.1f s = %.2f us per row%n",
                dataset, messages, rows, mb, PARTITIONS,
                perfMsgPerSec, perfMsgPerSec * rows / messages, perfMbPerSec, perfWall, rows / perfWall, mb / perfWall,
                perfCpu, perfCpu * 1e6 / rows);
        StringBuilder report = new StringBuilder(header);
        List<String> shipped = shippedJvmOptions();
        if (!BASELINE.isEmpty()) {
            report.append(sink(stack, token, dataset, topic, Path.of(BASELINE), "base", shipped, messages, rows, bytes, perfMsgPerSec, perfWall));
        }
        report.append(sink(stack, token, dataset, topic, APP, "this", shipped, messages, rows, bytes, perfMsgPerSec, perfWall));
        for (String variant : VARIANTS.isBlank() ? new String[0] : VARIANTS.split("\\|")) {
            String[] nameAndOptions = variant.split("=", 2);
            report.append(sink(stack, token, dataset, topic, APP, nameAndOptions[0].trim(), List.of(nameAndOptions[1].trim().split("\\s+")),
                    messages, rows, bytes, perfMsgPerSec, perfWall));
        }
        return report.toString();
    }

    /**
     * 2. The sink: from process start until every offset is committed, i.e. durable in S3; its own group and prefix.
     *
     * @param run a short name of this sink run ({@code this}, {@code base} or a variant's), unique within the benchmark
     * @param jvmOptions the JVM options it runs with
     */
    private String sink(StackAddresses stack, String token, Dataset dataset, String topic, Path app, String run, List<String> jvmOptions, long messages,
                        long rows, long bytes, double perfMsgPerSec, double perfWall) throws Exception {
        String group = "bench-sink-" + run + "-" + topic;
        String keyPrefix = token + "_" + run + "_" + dataset.topicPrefix;
        double mb = bytes / 1e6;
        String prefix = "-Dmarketflow.sink.datasets." + topic + ".";
        List<String> args = new ArrayList<>(jvmOptions);
        if (Boolean.getBoolean("benchmark.jfr")) {
            args.add("-XX:StartFlightRecording=filename=target/bench-sink-" + run + "-" + topic + ".jfr,settings=profile,dumponexit=true");
        }
        args.addAll(List.of("-Dmp.messaging.incoming.raw-topics.topics=" + topic, "-Dmp.messaging.incoming.raw-topics.group.id=" + group,
                "-Dmarketflow.sink.rotation.max-open-time=2s", prefix + "record-type=" + dataset.recordType, prefix + "bucket=bench",
                prefix + "prefix=" + keyPrefix, prefix + "partition-by=" + dataset.partitionBy));
        long sinkStart = System.nanoTime();
        PackagedSink sink = PackagedSink.start(app, stack, Path.of("target", "bench-sink-" + run + "-" + topic + ".log"), args);
        List<long[]> progress = new ArrayList<>();
        long peakRssKb;
        double cpuSeconds;
        Map<String, Double> threadCpu;
        try (Admin admin = PackagedSink.admin(stack)) {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
            long committed = 0;
            while (committed < messages) {
                assertThat(System.nanoTime()).as("sink drained within 10 minutes").isLessThan(deadline);
                assertThat(sink.process().isAlive()).as("sink alive").isTrue();
                Thread.sleep(100);
                committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().values().stream()
                        .mapToLong(OffsetAndMetadata::offset).sum();
                progress.add(new long[] {System.nanoTime(), committed});
            }
            peakRssKb = sink.peakRssKb();
            cpuSeconds = sink.cpuSeconds();
            threadCpu = sink.cpuSecondsByThread();
        } finally {
            sink.stop();
        }
        double sinkWall = (progress.get(progress.size() - 1)[0] - sinkStart) / 1e9;
        double steadySeconds = (firstReaching(progress, messages * 9 / 10) - firstReaching(progress, messages * STEADY_FROM / 100)) / 1e9;
        double steadyMessages = messages * (90 - STEADY_FROM) / 100.0 / steadySeconds;

        long stored;
        long files;
        try (S3Client s3 = SinkTestSupport.s3()) {
            Path dir = SinkTestSupport.download(s3, "bench", keyPrefix + "/");
            try (var walk = Files.walk(dir)) {
                long[] sizes = walk.filter(f -> f.toString().endsWith(".parquet")).mapToLong(f -> f.toFile().length()).toArray();
                stored = java.util.Arrays.stream(sizes).sum();
                files = sizes.length;
            }
            Map<String, Object> counts = duckdb(dir, "SELECT count(*) AS n, count(DISTINCT (kafka_partition, kafka_offset)) AS d FROM t").get(0);
            assertThat(counts.get("n")).isEqualTo(rows);
            assertThat(counts.get("d")).isEqualTo(messages);
        }
        double rowsPerMessage = (double) rows / messages;
        return String.format("  parquet-sink, %s (%s)%n"
                        + "  parquet-sink steady state (%d%%..90%% committed): %.1f s -> %.0f rows/s, %.1f MB/s = %.2f of ConsumerPerformance's report%n"
                        + "  parquet-sink end to end incl. JVM start, group join, last time-based cut: %.1f s -> %.0f rows/s, %.1f MB/s = %.2f of its wall%n"
                        + "  parquet-sink peak RSS (VmHWM): %d MB (%s, %s)%n"
                        + "  stored: %d Parquet files, %.1f MB (%.1f %% of the input)%n"
                        + "  sink CPU (user+sys, whole run incl. JVM start): %.1f s = %.1f us per row%n"
                        + "  sink CPU by thread (s, live threads at the end): %s%n",
                run, app,
                STEADY_FROM, steadySeconds, steadyMessages * rowsPerMessage, steadyMessages * bytes / messages / 1e6, steadyMessages / perfMsgPerSec,
                sinkWall, rows / sinkWall, mb / sinkWall, perfWall / sinkWall,
                peakRssKb / 1024, String.join(" ", jvmOptions), PackagedSink.javaBin(),
                files, stored / 1e6, 100.0 * stored / bytes, cpuSeconds, cpuSeconds * 1e6 / rows,
                threadCpu.entrySet().stream().filter(e -> e.getValue() >= 0.1).map(e -> String.format("%s %.1f", e.getKey(), e.getValue()))
                        .collect(Collectors.joining(", ")));
    }

    /** @return the options the sink ships with, from bin/jvm-options.sh (the one place they are defined; the Deployments repeat them) */
    private static List<String> shippedJvmOptions() {
        try {
            Process bash = new ProcessBuilder("bash", "-c", "source bin/jvm-options.sh && jvm_options parquet-sink")
                    .directory(Path.of("..", "..").toFile()).redirectErrorStream(true).start();
            String out = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            assertThat(bash.waitFor()).as("bin/jvm-options.sh: %s", out).isZero();
            return List.of(out.split("\\s+"));
        } catch (Exception e) {
            throw new IllegalStateException("cannot read bin/jvm-options.sh", e);
        }
    }

    private static long firstReaching(List<long[]> progress, long committed) {
        return progress.stream().filter(p -> p[1] >= committed).findFirst().orElseThrow()[0];
    }

    /** @return messages, bytes, rows */
    private static long[] produceTrades(String topic, String token) {
        long bytes = 0;
        try (KafkaProducer<byte[], byte[]> producer = SinkTestSupport.producer()) {
            Instant base = Instant.parse("2026-11-20T14:30:00Z");
            for (int i = 0; i < TRADES; i++) {
                String ticker = "B" + token + (i % 50);
                Trade trade = i % 2 == 0 ? Trade.synthetic(ticker, base.plusNanos(i * 1_000_003L), 100 + (i % 5000) * 0.01, 1 + i % 300)
                        : new Trade(1, ticker, base.plusNanos(i * 1_000_003L), 100 + (i % 5000) * 0.01, 1 + i % 300, "V", (long) i,
                        List.of("@"), "C", "alpaca", false);
                byte[] value = ContractJson.toBytes(trade);
                bytes += value.length;
                SinkTestSupport.send(producer, topic, ticker, value);
            }
        }
        return new long[] {TRADES, bytes, TRADES};
    }

    /** Week messages of 1-minute bars, 50 tickers, consecutive weeks from 2025: @return messages, bytes, bars */
    private static long[] produceBars(String topic, String token) {
        long bytes = 0;
        try (KafkaProducer<byte[], byte[]> producer = SinkTestSupport.producer()) {
            LocalDate firstMonday = LocalDate.of(2025, 1, 6).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            for (int w = 0; w < WEEKS; w++) {
                String ticker = "W" + token + (w % 50);
                LocalDate monday = firstMonday.plusWeeks(w / 50);
                List<Bar> bars = new ArrayList<>(BARS_PER_WEEK);
                for (int i = 0; i < BARS_PER_WEEK; i++) {
                    Instant at = monday.plusDays(i / 390).atTime(14, 30).toInstant(java.time.ZoneOffset.UTC).plusSeconds(60L * (i % 390));
                    double p = 100 + (i % 500) * 0.01 + w;
                    bars.add(new Bar(1, ticker, at, "1Min", p, p + 0.05, p - 0.05, p + 0.01, 1000 + i, (long) (10 + i % 90), p, "alpaca", false));
                }
                byte[] value = ContractJson.toBytes(new WeekBars(1, ticker, monday.get(IsoFields.WEEK_BASED_YEAR),
                        monday.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR), bars));
                bytes += value.length;
                SinkTestSupport.send(producer, topic, ticker, value);
            }
        }
        return new long[] {WEEKS, bytes, (long) WEEKS * BARS_PER_WEEK};
    }

    /** The two datasets of the issue. */
    private enum Dataset {
        TRADES("bench_trades_", "TRADE", "source,ticker,date"),
        BARS("bench_bars_", "WEEK_BARS", "ticker,year");

        final String topicPrefix;
        final String recordType;
        final String partitionBy;

        Dataset(String topicPrefix, String recordType, String partitionBy) {
            this.topicPrefix = topicPrefix;
            this.recordType = recordType;
            this.partitionBy = partitionBy;
        }
    }
}
