package io.marketflow.sink.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.marketflow.localstack.StackAddresses;
import io.marketflow.sink.SinkTestSupport;

/**
 * The packaged service ({@code target/quarkus-app/quarkus-run.jar}) as a child process, killed with SIGKILL while a
 * producer writes, under each group protocol users pick; after a final clean run, DuckDB must find every record exactly
 * once, with per-ticker counts and price sums equal to what was produced. Each kill waits for a cut's write-ahead marker
 * after a random delay, and at least one kill must leave a marker without its final commit: the replay was exercised.
 */
class SinkCrashRecoveryIT {

    private static final int RECORDS = 60_000;
    private static final int TICKERS = 10;
    private static final int KILLS = 5;

    @ParameterizedTest
    @EnumSource(GroupProtocol.class)
    void survivesRepeatedKillNineUnderLoadWithoutLossOrDuplicates(GroupProtocol protocol) throws Exception {
        StackAddresses stack = SinkTestSupport.stack();
        String token = SinkTestSupport.runToken();
        String topic = "crash_trades_" + token.toLowerCase();
        String group = "crash-sink-" + token;
        PackagedSink.createTopic(stack, topic, 4);
        Map<String, double[]> expected = new TreeMap<>();
        Thread producer = new Thread(() -> new TradeLoad("K" + token, TICKERS, RECORDS, 100, 1000, 2_000, 300).produce(topic, expected), "crash-it-producer");
        producer.start();

        int inWindow = 0;
        for (int i = 0; i < KILLS; i++) {
            Process sink = start(stack, topic, group, token, i, protocol);
            // Random moments: fault injection timing, not synchronisation. Then the next marker, so the kill lands in or
            // near a cut (under the consumer protocol the killed member's partitions move only after 45 s).
            Thread.sleep(ThreadLocalRandom.current().nextLong(1_000, 4_000));
            if (ReplayWindow.killInWindow(stack, group, sink, null, Duration.ofSeconds(90))) {
                inWindow++;
            }
        }
        producer.join();
        assertThat(inWindow).as("kills that left a write-ahead marker without its final commit").isPositive();
        Process last = start(stack, topic, group, token, KILLS, protocol);
        try {
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).until(() -> PackagedSink.drained(stack, topic, group, 4, RECORDS));
        } finally {
            PackagedSink.stop(last);
        }

        StoredTrades.assertStoredExactlyOnce("crash-test", token, RECORDS, expected);
    }

    private static Process start(StackAddresses stack, String topic, String group, String token, int run, GroupProtocol protocol)
            throws IOException {
        Path log = Path.of("target", "crash-it-" + protocol + "-" + token + "-" + run + ".log");
        String dataset = "-Dmarketflow.sink.datasets." + topic + ".";
        // A killed member is noticed after the session timeout: short under the classic protocol, the broker's otherwise.
        List<String> args = new java.util.ArrayList<>(protocol.jvmArgs());
        args.addAll(List.of("-Xmx512m",
                "-Dmp.messaging.incoming.raw-topics.topics=" + topic,
                "-Dmp.messaging.incoming.raw-topics.group.id=" + group,
                "-Dmarketflow.sink.rotation.max-records=3000",
                "-Dmarketflow.sink.rotation.max-open-time=1s",
                "-Dmarketflow.sink.rotation.check-interval=200ms",
                dataset + "record-type=TRADE",
                dataset + "bucket=crash-test",
                dataset + "prefix=" + token,
                dataset + "partition-by=source,ticker,date"));
        return PackagedSink.start(stack, log, args).process();
    }
}
