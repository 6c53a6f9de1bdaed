package io.marketflow.ingest.market.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.anEmptyMap;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

import jakarta.inject.Inject;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.marketflow.contract.Bar;
import io.marketflow.contract.ContractJson;
import io.marketflow.contract.ContractRecord;
import io.marketflow.contract.Topics;
import io.marketflow.contract.WeekBars;
import io.marketflow.ingest.market.client.Fixtures;
import io.marketflow.ingest.market.client.alpaca.AlpacaBarProvider;
import io.marketflow.ingest.market.domain.BackfillProgress.State;
import io.marketflow.ingest.market.repository.BackfillProgressRepository;
import io.marketflow.ingest.market.repository.BackfillProgressRepository.WeekKey;
import io.marketflow.localstack.LocalStackResource;
import io.marketflow.registry.Company;
import io.marketflow.registry.CompanyRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Without the Alpaca keys and with no mode set: the backfill replays the recorded week through the real Alpaca client
 * and this service's own {@code /recorded/alpaca} to the real {@code h_alpaca}, marked recorded, with its progress kept
 * per recorded run on the real PostgreSQL.
 */
@QuarkusTest
@TestProfile(RecordedModeTest.Recorded.class)
@WithTestResource(LocalStackResource.class)
class RecordedModeTest {

    private static final Duration DEADLINE = Duration.ofMinutes(2);

    /** No keys, no mode, a new recorded run; pages of 5 bars, so the AAPL/MSFT request is answered in the two recorded pages. */
    public static class Recorded implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("marketflow.market.alpaca.key-id", "", "marketflow.market.alpaca.secret-key", "",
                    "marketflow.market.alpaca.page-limit", "5", "marketflow.market.alpaca.requests-per-minute", "6000",
                    // A run of its own: the shared test database keeps the progress of earlier runs.
                    "marketflow.market.recorded-run", "test-" + UUID.randomUUID());
        }
    }

    @Inject
    BackfillRunner runner;

    @Inject
    AlpacaBarProvider alpaca;

    @Inject
    BackfillProgressRepository repository;

    @Inject
    MeterRegistry meters;

    @Inject
    CompanyRegistry companies;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void replaysTheRecordedWeekThroughTheRealClientOnceARun() throws Exception {
        // It starts by itself without keys; replay this test's run from a clean slate.
        await().atMost(DEADLINE).until(() -> Set.of(State.RUNNING, State.DONE).contains(runner.progress().snapshot().state()));
        runner.stop();
        String progressSource = runner.progressSource(alpaca);
        assertThat(progressSource).startsWith("alpaca-run-");
        repository.reset(progressSource).await().indefinitely();
        createTopics();

        try (TopicReader weeks = new TopicReader(bootstrapServers, Topics.H_ALPACA)) {
            double requestsBefore = okRequests();
            runner.start();
            await().atMost(DEADLINE).until(() -> !runner.running());
            assertThat(runner.progress().snapshot().state()).isEqualTo(State.DONE);
            List<String> tickers = new ArrayList<>(runner.progress().snapshot().tickers().keySet());
            assertThat(tickers).contains("AAPL", "MSFT");

            List<ConsumerRecord<String, byte[]>> records = weeks.readUntil(DEADLINE, read -> read.size() >= tickers.size());
            assertThat(records).hasSize(tickers.size());
            Map<String, WeekBars> byTicker = new HashMap<>();
            for (ConsumerRecord<String, byte[]> record : records) {
                WeekBars week = ContractJson.fromBytes(record.value(), WeekBars.class);
                assertThat(week.ticker()).isEqualTo(record.key());
                assertThat(week.year() * 100 + week.week()).isEqualTo(202101);
                assertThat(new String(record.headers().lastHeader(HistoricalBarsSender.MODE_HEADER).value(), StandardCharsets.UTF_8))
                        .isEqualTo("recorded");
                assertThat(byTicker.put(week.ticker(), week)).as("one week per ticker").isNull();
            }
            Map<String, List<Bar>> recorded = recordedBars();
            assertThat(byTicker.get("AAPL").data()).isEqualTo(recorded.get("AAPL")).hasSize(3);
            assertThat(byTicker.get("MSFT").data()).isEqualTo(recorded.get("MSFT")).hasSize(3);
            // Every other active ticker's week is sent empty: nothing is recorded for it.
            byTicker.forEach((ticker, week) -> {
                if (!recorded.containsKey(ticker)) {
                    assertThat(week.data()).as(ticker).isEmpty();
                }
            });
            // One request per batch of 5 tickers, and a second page for the batch of AAPL and MSFT (batched in ticker_id
            // order, 1 and 2): the client followed the recorded next_page_token.
            List<String> batched = companies.active().stream().map(Company::ticker).toList();
            assertThat(batched.indexOf("AAPL") / 5).isEqualTo(batched.indexOf("MSFT") / 5);
            assertThat(okRequests() - requestsBefore).isEqualTo((tickers.size() + 4) / 5 + 1);

            // The week is done for this recorded run only, never for a later live run with keys.
            assertThat(repository.covered(progressSource).await().indefinitely()).containsKey(new WeekKey("AAPL", 2021, 1))
                    .hasSize(tickers.size());
            assertThat(repository.covered("alpaca").await().indefinitely()).doesNotContainKey(new WeekKey("AAPL", 2021, 1));

            // A restart within the run sends nothing again.
            runner.start();
            await().atMost(DEADLINE).until(() -> !runner.running());
            assertThat(runner.progress().snapshot().state()).isEqualTo(State.DONE);
            assertThat(weeks.unread()).isZero();
        }
        assertMarkedRecorded();
    }

    @Test
    void theRecordedApiAnswersAnUnrecordedSymbolWithTheEmptyShape() {
        given().queryParam("symbols", "NVDA").queryParam("timeframe", "1Min").queryParam("start", "2021-01-04T05:00:00Z")
                .queryParam("end", "2021-01-11T04:59:59Z").get("/recorded/alpaca/v2/stocks/bars").then()
                .statusCode(200)
                .header("X-Marketflow-Recorded", "true")
                .body("bars", anEmptyMap())
                .body("next_page_token", nullValue());
    }

    private static void assertMarkedRecorded() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'backfill' }.data.mode", is("recorded"))
                .body("checks.find { it.name == 'backfill' }.data.source", is("alpaca-recorded"));
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("marketflow_backfill_completed_total{source=\"alpaca-recorded\"}"))
                .body(containsString("marketflow_provider_requests_total{outcome=\"ok\",source=\"alpaca-recorded\"}"));
    }

    private double okRequests() {
        Counter counter = meters.find("marketflow.provider.requests").tags("source", "alpaca-recorded", "outcome", "ok").counter();
        return counter == null ? 0 : counter.count();
    }

    /** The bars of the real-shape fixtures (the test's own copy), as the contract carries them from the replay. */
    private static Map<String, List<Bar>> recordedBars() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        Map<String, List<Bar>> bars = new HashMap<>();
        for (String page : List.of("alpaca_v2_stocks_bars_multi_page1", "alpaca_v2_stocks_bars_multi_lastpage")) {
            mapper.readTree(Fixtures.read(page)).get("bars").properties().forEach(e -> {
                for (JsonNode b : e.getValue()) {
                    bars.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(new Bar(ContractRecord.CURRENT_SCHEMA_VERSION, e.getKey(),
                            Instant.parse(b.get("t").asText()), "1Min", b.get("o").asDouble(), b.get("h").asDouble(), b.get("l").asDouble(),
                            b.get("c").asDouble(), b.get("v").asDouble(), b.get("n").asLong(), b.get("vw").asDouble(), "alpaca-recorded",
                            false));
                }
            });
        }
        return bars;
    }

    private void createTopics() throws InterruptedException {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(props)) {
            try {
                admin.createTopics(List.of(new NewTopic(Topics.H_ALPACA, 3, (short) 1))).all().get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException(e.getCause());
                }
            }
        }
    }
}
