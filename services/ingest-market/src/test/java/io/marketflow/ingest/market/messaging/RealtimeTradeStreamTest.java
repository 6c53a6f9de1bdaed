package io.marketflow.ingest.market.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.marketflow.contract.ContractJson;
import io.marketflow.contract.Topics;
import io.marketflow.contract.Trade;
import io.marketflow.ingest.market.client.alpaca.AlpacaStreamResource;
import io.marketflow.ingest.market.client.alpaca.FakeAlpacaStream;
import io.marketflow.ingest.market.client.alpaca.InjectAlpacaStream;
import io.marketflow.ingest.market.config.InSessionProfile;
import io.marketflow.localstack.LocalStackResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/**
 * The real-time stream against a local server speaking Alpaca's protocol, real Kafka and PostgreSQL, with the clock
 * inside the regular session of 2025-11-20 and synthetic mode {@code outside-market-hours}.
 */
@QuarkusTest
@TestProfile(InSessionProfile.class)
@WithTestResource(LocalStackResource.class)
@WithTestResource(AlpacaStreamResource.class)
class RealtimeTradeStreamTest {

    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @InjectAlpacaStream
    FakeAlpacaStream server;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @BeforeEach
    void subscribedToTheActiveTickers() {
        // The registry loads companies_info shortly after startup; the stream subscribes once it has them.
        await().atMost(DEADLINE).until(() -> server.authenticatedConnections() == 1 && server.subscribed().size() == 30);
    }

    @Test
    void publishesTheFixtureFrameKeyedByTickerAndTheGeneratorStaysSilentInTheSession() throws IOException {
        assertThat(server.received()).anySatisfy(m -> assertThat(m).contains("\"action\":\"auth\"").contains(FakeAlpacaStream.KEY));
        assertThat(server.subscribed()).contains("AAPL", "NVDA", "KO");
        try (TopicReader reader = new TopicReader(bootstrapServers, Topics.STOCK_TRADES)) {
            Instant start = Instant.now();
            // One frame, three messages.
            assertThat(server.sendToAll(fixture("alpaca_ws_v2_iex_trades.json"))).isEqualTo(1);
            // Read for at least 3 s: the generator ticks every second, so silence over 3 s means it is off in the session.
            List<ConsumerRecord<String, byte[]>> records = reader.readUntil(DEADLINE,
                    read -> tradeIds(read).containsAll(Set.of(52983525029461L, 52983525029462L, 52983525030011L))
                            && Duration.between(start, Instant.now()).toSeconds() >= 3);
            assertThat(records).hasSize(3);
            List<Trade> trades = records.stream().map(r -> ContractJson.fromBytes(r.value(), Trade.class)).toList();
            assertThat(records).allSatisfy(r -> assertThat(r.key()).isEqualTo(ContractJson.fromBytes(r.value(), Trade.class).ticker()));
            assertThat(trades).allSatisfy(t -> {
                assertThat(t.synthetic()).isFalse();
                assertThat(t.source()).isEqualTo("alpaca");
                assertThat(t.exchange()).isEqualTo("V");
                assertThat(t.tape()).isEqualTo("C");
            });
            Trade second = trades.stream().filter(t -> t.tradeId() == 52983525029462L).findFirst().orElseThrow();
            assertThat(second.timestamp()).isEqualTo(Instant.parse("2025-11-20T15:04:05.130001234Z"));
            assertThat(second.price()).isEqualTo(229.88);
            assertThat(second.size()).isEqualTo(7);
            assertThat(second.conditions()).containsExactly("@", "I");
        }
    }

    @Test
    void deadLettersInvalidTradesWithTheirReasonAndCountsThem() {
        String frame = "[" + trade("AAPL", 1, 0, 10, "2025-11-20T15:05:00Z") + "," + trade("MSFT", 2, 410.5, 0, "2025-11-20T15:05:00Z")
                + "," + trade("ZZZZ", 3, 10, 10, "2025-11-20T15:05:00Z") + "]";
        try (TopicReader reader = new TopicReader(bootstrapServers, Topics.deadLetter(Topics.STOCK_TRADES))) {
            server.sendToAll(frame);
            List<ConsumerRecord<String, byte[]>> records = reader.readUntil(DEADLINE, read -> read.size() >= 3);
            assertThat(records).extracting(ConsumerRecord::key).containsExactlyInAnyOrder("AAPL", "MSFT", "ZZZZ");
            assertThat(records).extracting(r -> header(r, "reason"))
                    .containsExactlyInAnyOrder("price: 0.0", "size: 0.0", "unknown-ticker: ZZZZ");
            assertThat(records).allSatisfy(r -> assertThat(header(r, "source")).isEqualTo("alpaca"));
        }
        await().atMost(DEADLINE).untilAsserted(() -> assertThat(metrics())
                .contains("marketflow_realtime_rejected_total{reason=\"price\"}")
                .contains("marketflow_realtime_rejected_total{reason=\"size\"}")
                .contains("marketflow_realtime_rejected_total{reason=\"unknown-ticker\"}"));
    }

    @Test
    void doesNotPublishARealTradeStampedAfterTheClose() {
        // 16:00:00.000000001 New York: one nanosecond into the synthetic generator's time.
        String frame = "[" + trade("AAPL", 11, 230, 5, "2025-11-20T21:00:00.000000001Z") + ","
                + trade("AAPL", 12, 230, 5, "2025-11-20T20:59:59.999999999Z") + "]";
        try (TopicReader reader = new TopicReader(bootstrapServers, Topics.STOCK_TRADES)) {
            server.sendToAll(frame);
            List<ConsumerRecord<String, byte[]>> records = reader.readUntil(DEADLINE, read -> tradeIds(read).contains(12L));
            assertThat(tradeIds(records)).contains(12L).doesNotContain(11L);
        }
        await().atMost(DEADLINE).untilAsserted(() -> assertThat(metrics())
                .contains("marketflow_realtime_trades_total{outcome=\"outside-session\"}"));
    }

    @Test
    void reconnectsAndResubscribesAfterTheServerDropsTheConnection() {
        int connections = server.connections();
        int subscriptions = server.subscriptions();
        server.dropAll();
        await().atMost(DEADLINE).until(() -> server.connections() > connections && server.subscriptions() > subscriptions
                && server.authenticatedConnections() == 1 && server.subscribed().size() == 30);
        try (TopicReader reader = new TopicReader(bootstrapServers, Topics.STOCK_TRADES)) {
            server.sendToAll("[" + trade("MSFT", 21, 410.25, 3, "2025-11-20T15:06:00.000000007Z") + "]");
            List<ConsumerRecord<String, byte[]>> records = reader.readUntil(DEADLINE, read -> tradeIds(read).contains(21L));
            assertThat(tradeIds(records)).contains(21L);
        }
        assertThat(metrics()).contains("marketflow_realtime_reconnects_total");
    }

    @Test
    void backsOffAfterAuthFailuresWithoutCrashingAndRecovers() {
        int attempts = server.authAttempts();
        server.failNextAuths(2);
        server.dropAll();
        // Two refused auths, then a third attempt that succeeds and subscribes again.
        await().atMost(DEADLINE).until(() -> server.authAttempts() >= attempts + 3 && server.authenticatedConnections() == 1
                && server.subscribed().size() == 30);
        assertThat(metrics()).containsPattern("marketflow_realtime_errors_total\\{code=\"402\"} [2-9]");
        try (TopicReader reader = new TopicReader(bootstrapServers, Topics.STOCK_TRADES)) {
            server.sendToAll("[" + trade("KO", 31, 70.1, 1, "2025-11-20T15:07:00Z") + "]");
            assertThat(tradeIds(reader.readUntil(DEADLINE, read -> tradeIds(read).contains(31L)))).contains(31L);
        }
    }

    @Test
    void readinessGoesDownWhenNoTradeArrivesForStaleAfterInTheSessionAndUpWithTheNextTrade() {
        server.sendToAll("[" + trade("AAPL", 41, 230, 1, "2025-11-20T15:08:00Z") + "]");
        await().atMost(DEADLINE).until(() -> "UP".equals(realtimeCheck().getString("status")));
        assertThat(metrics()).contains("marketflow_realtime_seconds_since_last_trade ");
        // stale-after is 3 s in this test.
        await().atMost(DEADLINE).until(() -> "DOWN".equals(realtimeCheck().getString("status")));
        assertThat(realtimeCheck().getString("data.state")).isEqualTo("session");
        given().get("/q/health/ready").then().statusCode(503);
        server.sendToAll("[" + trade("AAPL", 42, 230, 1, "2025-11-20T15:08:01Z") + "]");
        await().atMost(DEADLINE).until(() -> "UP".equals(realtimeCheck().getString("status")));
    }

    private static JsonPath realtimeCheck() {
        JsonPath health = given().get("/q/health/ready").then().extract().jsonPath();
        return new JsonPath(health.prettify()).setRootPath("checks.find { it.name == 'alpaca-realtime' }");
    }

    private static String metrics() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    private static String trade(String symbol, long id, double price, double size, String timestamp) {
        return String.format(java.util.Locale.ROOT,
                "{\"T\":\"t\",\"S\":\"%s\",\"i\":%d,\"x\":\"V\",\"p\":%s,\"s\":%s,\"c\":[\"@\"],\"t\":\"%s\",\"z\":\"C\"}",
                symbol, id, price, size, timestamp);
    }

    private static Set<Long> tradeIds(List<ConsumerRecord<String, byte[]>> records) {
        return records.stream().map(r -> ContractJson.fromBytes(r.value(), Trade.class))
                .filter(t -> !t.synthetic() && t.tradeId() != null)
                .map(Trade::tradeId)
                .collect(Collectors.toSet());
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    static String fixture(String name) throws IOException {
        try (InputStream in = RealtimeTradeStreamTest.class.getResourceAsStream("/fixtures/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
