package io.marketflow.sink.integration;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.marketflow.localstack.StackAddresses;
import io.marketflow.sink.SinkTestSupport;

/**
 * The packaged service ({@code target/quarkus-app/quarkus-run.jar}) as a child process, killed with SIGKILL at random
 * moments while a producer writes; after a final clean run, DuckDB must find every record exactly once, with per-ticker
 * counts and price sums equal to what was produced.
 */
class SinkCrashRecoveryIT {

    private static final int RECORDS = 60_000;
    private static final int TICKERS = 10;
    private static final int KILLS = 5;

    @Test
    void survivesRepeatedKillNineUnderLoadWithoutLossOrDuplicates() throws Exception {
        StackAddresses stack = SinkTestSupport.stack();
        String token = SinkTestSupport.runToken();
        String topic = "crash_trades_" + token.toLowerCase();
        String group = "crash-sink-" + token;
        PackagedSink.createTopic(stack, topic, 4);
        Map<String, double[]> expected = new TreeMap<>();
        Thread producer = new Thread(() -> new TradeLoad("K" + token, TICKERS, RECORDS, 100, 1000, 2_000, 300).produce(topic, expected), "crash-it-producer");
        producer.start();

        for (int i = 0; i < KILLS; i++) {
            Process sink = start(stack, topic, group, token, i);
            // Random moments: fault injection timing, not synchronisation.
            Thread.sleep(ThreadLocalRandom.current().nextLong(2_500, 6_000));
            sink.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        producer.join();
        Process last = start(stack, topic, group, token, KILLS);
        try {
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).until(() -> PackagedSink.drained(stack, topic, group, 4, RECORDS));
        } finally {
            PackagedSink.stop(last);
        }

        StoredTrades.assertStoredExactlyOnce("crash-test", token, RECORDS, expected);
    }

    private static Process start(StackAddresses stack, String topic, String group, String token, int run) throws IOException {
        Path log = Path.of("target", "crash-it-" + token + "-" + run + ".log");
        String dataset = "-Dmarketflow.sink.datasets." + topic + ".";
        return PackagedSink.start(stack, log, List.of("-Xmx512m",
                "-Dmp.messaging.incoming.raw-topics.topics=" + topic,
                "-Dmp.messaging.incoming.raw-topics.group.id=" + group,
                // A killed member is noticed after the session timeout; keep restarts quick.
                "-Dmp.messaging.incoming.raw-topics.session.timeout.ms=6000",
                "-Dmp.messaging.incoming.raw-topics.heartbeat.interval.ms=1000",
                "-Dmarketflow.sink.rotation.max-records=3000",
                "-Dmarketflow.sink.rotation.max-open-time=1s",
                "-Dmarketflow.sink.rotation.check-interval=200ms",
                dataset + "record-type=TRADE",
                dataset + "bucket=crash-test",
                dataset + "prefix=" + token,
                dataset + "partition-by=source,ticker,date")).process();
    }
}
