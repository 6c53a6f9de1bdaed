package io.marketflow.sink.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.marketflow.localstack.StackAddresses;
import io.marketflow.sink.SinkTestSupport;
import io.marketflow.localstack.TcpToggleProxy;

/**
 * Two packaged sink instances in one group under load, under each group protocol users pick: one is stopped,
 * restarted and killed (partitions move between live instances mid-file), and the S3 server is unreachable for 30 s
 * meanwhile. Readiness must go DOWN during the outage, the kill must leave one of the killed instance's write-ahead
 * markers without its final commit (the survivor replays it), and in the end every record is stored exactly once.
 */
class SinkRebalanceAndOutageIT {

    private static final int RECORDS = 40_000;
    private static final int PARTITIONS = 6;

    @ParameterizedTest
    @EnumSource(GroupProtocol.class)
    void keepsExactlyOnceAcrossRebalancesBetweenInstancesAndAnS3Outage(GroupProtocol protocol) throws Exception {
        StackAddresses stack = SinkTestSupport.stack();
        String token = SinkTestSupport.runToken();
        String topic = "rebal_trades_" + token.toLowerCase();
        String group = "rebal-sink-" + token;
        PackagedSink.createTopic(stack, topic, PARTITIONS);
        URI s3 = URI.create(stack.s3Endpoint());
        Map<String, double[]> expected = new TreeMap<>();
        Thread producer = new Thread(() -> new TradeLoad("R" + token, 12, RECORDS, 50, 700, 1_000, 2_000).produce(topic, expected), "rebalance-it-producer");
        List<Process> processes = new ArrayList<>();
        try (TcpToggleProxy proxy = TcpToggleProxy.started(s3.getHost(), s3.getPort())) {
            String endpoint = "http://127.0.0.1:" + proxy.port();
            int portA = freePort();
            Process a = start(stack, endpoint, topic, group, token, "a", portA, protocol);
            processes.add(a);
            producer.start();
            Process b = start(stack, endpoint, topic, group, token, "b1", freePort(), protocol);
            processes.add(b);
            awaitCommitted(stack, group, 2_000);

            // Graceful stop of b: its partitions move to a while files are open.
            b.destroy();
            b.waitFor(30, TimeUnit.SECONDS);

            // S3 unreachable for 30 s; b comes back meanwhile, so partitions move again while uploads are failing.
            proxy.stop();
            await().atMost(Duration.ofSeconds(30)).until(() -> readiness(portA) == 503);
            await().atMost(Duration.ofSeconds(10)).until(() -> storageFailing(portA).equals("1.0"));
            Process b2 = start(stack, endpoint, topic, group, token, "b2", freePort(), protocol);
            processes.add(b2);
            Thread.sleep(30_000); // the outage's length, not a synchronisation
            proxy.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> readiness(portA) == 200);
            assertThat(storageFailing(portA)).as("the storage gauge after the outage").isEqualTo("0.0");

            // And a kill -9 of b2 under load, while one of its cuts is between marker and final commit.
            boolean inWindow = ReplayWindow.killInWindow(stack, group, b2, () -> ReplayWindow.assignedTo(stack, group, "b2"), Duration.ofSeconds(60));
            assertThat(inWindow).as("b2 was killed with a write-ahead marker of its own committed and no final commit").isTrue();
            producer.join();
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).until(() -> PackagedSink.drained(stack, topic, group, PARTITIONS, RECORDS));
        } finally {
            for (Process p : processes) {
                PackagedSink.stop(p);
            }
        }

        StoredTrades.assertStoredExactlyOnce("rebalance-test", token, RECORDS, expected);
    }

    private static Process start(StackAddresses stack, String s3Endpoint, String topic, String group, String token, String name, int port,
                                 GroupProtocol protocol) throws IOException {
        String dataset = "-Dmarketflow.sink.datasets." + topic + ".";
        Path log = Path.of("target", "rebalance-it-" + protocol + "-" + token + "-" + name + ".log");
        List<String> args = new ArrayList<>(protocol.jvmArgs());
        args.addAll(List.of("-Xmx512m",
                // The name, so that the test can see which partitions this instance owns.
                "-Dmp.messaging.incoming.raw-topics.client.id=" + name,
                "-Dquarkus.http.port=" + port,
                // S3 through the TCP proxy that the test switches off.
                "-Dmarketflow.s3.endpoint=" + s3Endpoint,
                "-Dmp.messaging.incoming.raw-topics.topics=" + topic,
                "-Dmp.messaging.incoming.raw-topics.group.id=" + group,
                "-Dmarketflow.sink.rotation.max-records=1500",
                "-Dmarketflow.sink.rotation.max-open-time=1s",
                "-Dmarketflow.sink.rotation.check-interval=200ms",
                "-Dmarketflow.sink.retry.max-backoff=2s",
                "-Dquarkus.s3.sync-client.connection-timeout=2s",
                dataset + "record-type=TRADE",
                dataset + "bucket=rebalance-test",
                dataset + "prefix=" + token,
                dataset + "partition-by=ticker"));
        return PackagedSink.start(stack, log, args).process();
    }

    /** @return the value of marketflow_sink_storage_failing as the Prometheus endpoint prints it, or "" */
    private static String storageFailing(int port) {
        try {
            String body = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/metrics")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            return body.lines().filter(l -> l.startsWith("marketflow_sink_storage_failing"))
                    .map(l -> l.substring(l.lastIndexOf(' ') + 1)).findFirst().orElse("");
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private static int readiness(int port) {
        try {
            HttpResponse<Void> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static void awaitCommitted(StackAddresses stack, String group, long atLeast) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
            try (Admin admin = PackagedSink.admin(stack)) {
                return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().values().stream()
                        .mapToLong(OffsetAndMetadata::offset).sum() >= atLeast;
            }
        });
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
