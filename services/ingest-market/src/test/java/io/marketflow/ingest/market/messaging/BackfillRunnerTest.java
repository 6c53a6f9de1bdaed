package io.marketflow.ingest.market.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;

import jakarta.inject.Inject;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.marketflow.calendar.MarketCalendar;
import io.marketflow.contract.Bar;
import io.marketflow.contract.ContractJson;
import io.marketflow.contract.Topics;
import io.marketflow.contract.WeekBars;
import io.marketflow.ingest.market.client.FakeAlpacaBars;
import io.marketflow.ingest.market.client.ProvidersWireMockResource;
import io.marketflow.ingest.market.domain.BackfillProgress.State;
import io.marketflow.ingest.market.repository.BackfillProgressRepository;
import io.marketflow.localstack.LocalStackResource;
import io.marketflow.registry.CompanyRegistry;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The backfill against a generated Alpaca bars API, real Kafka and real PostgreSQL: 2024-10-28 to 2024-11-29 holds the
 * end of DST (2024-11-03), Thanksgiving (2024-11-28) and its early close (2024-11-29).
 */
@QuarkusTest
@WithTestResource(LocalStackResource.class)
@WithTestResource(value = ProvidersWireMockResource.class, initArgs = {
        @ResourceArg(name = "backfill", value = "true"),
        @ResourceArg(name = "requests-per-minute", value = "300"),
        @ResourceArg(name = "marketflow.market.backfill.start", value = "2024-10-28"),
        @ResourceArg(name = "marketflow.market.backfill.end", value = "2024-11-29"),
        @ResourceArg(name = "marketflow.market.backfill.log-interval", value = "2s") })
class BackfillRunnerTest {

    private static final Duration DEADLINE = Duration.ofMinutes(3);
    private static final int WEEKS = 5;

    @Inject
    BackfillRunner runner;

    @Inject
    BackfillProgressRepository repository;

    @Inject
    CompanyRegistry registry;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void killedMidwayResumesWithoutGapsOrDuplicatesAndARerunSendsNothing() throws Exception {
        // The backfill starts by itself once the schema is migrated; start this test's run from a clean slate.
        await().atMost(DEADLINE).until(() -> Set.of(State.RUNNING, State.DONE).contains(runner.progress().snapshot().state()));
        runner.stop();
        repository.reset("alpaca").await().indefinitely();
        createTopics();
        int tickers = registry.active().size();
        int expectedTasks = tickers * WEEKS;

        try (TopicReader weeks = new TopicReader(bootstrapServers, Topics.H_ALPACA);
                TopicReader deadLetters = new TopicReader(bootstrapServers, Topics.deadLetter(Topics.H_ALPACA))) {
            runner.start();
            await().atMost(DEADLINE).until(() -> runner.progress().done() >= 40);
            runner.stop();
            long doneAtKill = runner.progress().done();
            assertThat(runner.progress().snapshot().state()).isEqualTo(State.STOPPED);
            assertThat(doneAtKill).isLessThan(expectedTasks);

            runner.start();
            await().atMost(DEADLINE).until(() -> runner.progress().snapshot().state() == State.DONE);
            assertThat(runner.progress().done()).isEqualTo(expectedTasks);

            List<ConsumerRecord<String, byte[]>> records = weeks.readUntil(DEADLINE, read -> distinctWeeks(read).size() >= expectedTasks);
            Map<String, byte[]> byWeek = distinctWeeks(records);
            assertThat(byWeek).hasSize(expectedTasks);
            // A week sent twice (acknowledged, then killed before its progress row) must be the same bytes: no duplicate data.
            for (ConsumerRecord<String, byte[]> record : records) {
                assertThat(record.value()).isEqualTo(byWeek.get(weekId(record)));
            }
            assertThat(records.size()).isLessThanOrEqualTo(expectedTasks + 5);
            assertCalendarEdges(byWeek);
            assertDeadLetters(deadLetters);
            assertPriceJumpFlagged(byWeek);

            // Run twice: everything is recorded as done, nothing is sent again.
            runner.start();
            await().atMost(DEADLINE).until(() -> runner.progress().snapshot().state() == State.DONE);
            assertThat(weeks.unread()).isZero();
        }
        assertProgressIsVisible(expectedTasks);
    }

    private static void assertCalendarEdges(Map<String, byte[]> byWeek) {
        // 2024-W44 (Oct 28 – Nov 3): daylight time, the session opens 13:30Z; five full days.
        List<Bar> w44 = week(byWeek, "AAPL", 2024, 44).data();
        assertThat(w44).hasSize(5 * 390);
        assertThat(w44.get(0).timestamp()).isEqualTo(Instant.parse("2024-10-28T13:30:00Z"));
        assertThat(w44.get(w44.size() - 1).timestamp()).isEqualTo(Instant.parse("2024-11-01T19:59:00Z"));
        // 2024-W45: standard time after the change, the session opens 14:30Z.
        List<Bar> w45 = week(byWeek, "AAPL", 2024, 45).data();
        assertThat(w45).hasSize(5 * 390);
        assertThat(w45.get(0).timestamp()).isEqualTo(Instant.parse("2024-11-04T14:30:00Z"));
        // 2024-W48: Thanksgiving closed, Friday closes at 13:00 New York (18:00Z): 3 × 390 + 210.
        List<Bar> w48 = week(byWeek, "MSFT", 2024, 48).data();
        assertThat(w48).hasSize(3 * 390 + 210);
        assertThat(w48).noneMatch(b -> MarketCalendar.nyse().tradingDate(b.timestamp()).equals(LocalDate.of(2024, 11, 28)));
        assertThat(w48.get(w48.size() - 1).timestamp()).isEqualTo(Instant.parse("2024-11-29T17:59:00Z"));
        assertThat(w48).allMatch(b -> MarketCalendar.nyse().isOpen(b.timestamp()));
    }

    private static void assertDeadLetters(TopicReader deadLetters) {
        List<ConsumerRecord<String, byte[]>> rejected = deadLetters.readUntil(DEADLINE, read -> read.size() >= 2);
        assertThat(rejected).hasSizeGreaterThanOrEqualTo(2);
        Map<Instant, String> reasons = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : rejected) {
            Bar bar = ContractJson.fromBytes(record.value(), Bar.class);
            assertThat(record.key()).isEqualTo("AAPL");
            reasons.put(bar.timestamp(), new String(record.headers().lastHeader("reason").value(), StandardCharsets.UTF_8));
        }
        assertThat(reasons.get(FakeAlpacaBars.INVALID_BAR)).startsWith("ohlc");
        assertThat(reasons.get(FakeAlpacaBars.DUPLICATE_BAR)).startsWith("duplicate");
    }

    private static void assertPriceJumpFlagged(Map<String, byte[]> byWeek) {
        List<Bar> msft = week(byWeek, "MSFT", 2024, 46).data();
        assertThat(msft).filteredOn(Bar::priceJump).extracting(Bar::timestamp).contains(FakeAlpacaBars.JUMP_BAR).hasSizeLessThanOrEqualTo(2);
        // Flagged, never dropped; the invalid AAPL bar is dropped (dead-lettered) and its duplicate sent once.
        assertThat(msft).hasSize(5 * 390);
        List<Bar> aapl = week(byWeek, "AAPL", 2024, 46).data();
        assertThat(aapl).hasSize(5 * 390 - 1).extracting(Bar::timestamp).doesNotContain(FakeAlpacaBars.INVALID_BAR).doesNotHaveDuplicates();
    }

    private static void assertProgressIsVisible(int expectedTasks) {
        given().get("/backfill/progress").then().statusCode(200)
                .body("state", is("DONE"))
                .body("totalTasks", is(expectedTasks))
                .body("percent", is(100.0f))
                .body("tickers.AAPL.completed", is(WEEKS));
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("marketflow_backfill_pending_tasks{source=\"alpaca\"} 0.0"))
                .body(containsString("marketflow_backfill_completed_total{source=\"alpaca\"}"))
                .body(containsString("marketflow_backfill_rejected_total{reason=\"ohlc\",source=\"alpaca\"}"));
    }

    private static WeekBars week(Map<String, byte[]> byWeek, String ticker, int year, int week) {
        byte[] bytes = byWeek.get(ticker + "/" + year + "/" + week);
        assertThat(bytes).as(ticker + " " + year + "-W" + week).isNotNull();
        return ContractJson.fromBytes(bytes, WeekBars.class);
    }

    private static Map<String, byte[]> distinctWeeks(List<ConsumerRecord<String, byte[]>> records) {
        Map<String, byte[]> byWeek = new HashMap<>();
        records.forEach(record -> byWeek.putIfAbsent(weekId(record), record.value()));
        return byWeek;
    }

    private static String weekId(ConsumerRecord<String, byte[]> record) {
        WeekBars week = ContractJson.fromBytes(record.value(), WeekBars.class);
        assertThat(week.ticker()).isEqualTo(record.key());
        return week.ticker() + "/" + week.year() + "/" + week.week();
    }

    private void createTopics() throws InterruptedException {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(props)) {
            for (String topic : Arrays.asList(Topics.H_ALPACA, Topics.deadLetter(Topics.H_ALPACA))) {
                try {
                    admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException(e.getCause());
                    }
                }
            }
        }
    }
}
