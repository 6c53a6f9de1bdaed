package io.marketflow.ingest.fundamentals.messaging;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;

import io.marketflow.contract.ContractJson;
import io.marketflow.contract.FundamentalsRecord;
import io.marketflow.contract.Topics;
import io.marketflow.ingest.fundamentals.client.Fixtures;
import io.marketflow.ingest.fundamentals.client.FmpStubs;
import io.marketflow.ingest.fundamentals.client.FmpWireMockResource;
import io.marketflow.ingest.fundamentals.client.InjectWireMock;
import io.marketflow.ingest.fundamentals.config.FundamentalsConfig;
import io.marketflow.ingest.fundamentals.domain.AvailabilityRule;
import io.marketflow.ingest.fundamentals.domain.StatementMapper;
import io.marketflow.ingest.fundamentals.repository.FundamentalsProgressRepository;
import io.marketflow.ingest.fundamentals.repository.RequestBudgetRepository;
import io.marketflow.localstack.LocalStackResource;
import io.marketflow.registry.Company;
import io.marketflow.registry.CompanyRegistry;
import io.marketflow.registry.SchemaMigrator;
import io.quarkus.test.common.WithTestResource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * The file and FMP against real Kafka, real PostgreSQL and FMP over real HTTP (WireMock serving the recorded shapes).
 */
@QuarkusTest
@WithTestResource(LocalStackResource.class)
@WithTestResource(FmpWireMockResource.class)
class FundamentalsIngestTest {

    private static final Duration DEADLINE = Duration.ofMinutes(1);
    private static final String INCOME = FmpStubs.INCOME;
    private static final String BALANCE = FmpStubs.BALANCE;
    private static final String CASHFLOW = FmpStubs.CASHFLOW;
    private static final String KEY_METRICS = FmpStubs.KEY_METRICS;

    @InjectWireMock
    WireMockServer fmp;

    @Inject
    FileLoader loader;

    @Inject
    FmpRefresher refresher;

    @Inject
    FmpStatus status;

    @Inject
    FundamentalsProgressRepository progress;

    @Inject
    RequestBudgetRepository budgets;

    @Inject
    CompanyRegistry registry;

    @Inject
    SchemaMigrator migrator;

    @Inject
    Pool pool;

    @Inject
    FundamentalsSender sender;

    @Inject
    FundamentalsConfig config;

    @Inject
    MeterRegistry meters;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void cleanSlate() {
        await().atMost(DEADLINE).until(() -> migrator.migrated() && registry.refreshedAt() != null);
        progress.reset(StatementMapper.FILE_SOURCE).await().indefinitely();
        progress.reset(FmpRefresher.LIVE_SOURCE).await().indefinitely();
        loader.forget();
        refresher.forget();
        fmp.resetRequests();
    }

    @AfterEach
    void restoreCompanies() {
        sql("UPDATE companies_info SET is_active = TRUE WHERE ticker = 'KO'");
        sql("DELETE FROM companies_info WHERE ticker = 'ZZZZ'");
        registry.refresh().await().indefinitely();
        fmp.resetMappings();
        fmp.stubFor(get(urlPathMatching("/stable/.*")).atPriority(100).willReturn(okJson("[]")));
    }

    @Test
    void theFileLoadsEveryRowOfActiveCompaniesOnceAndANewCompanyWithoutARestart() throws Exception {
        sql("UPDATE companies_info SET is_active = FALSE WHERE ticker = 'KO'");
        registry.refresh().await().indefinitely();
        try (TopicReader reader = new TopicReader(bootstrapServers, Topics.H_COMPANY)) {
            assertThat(loader.loadNew()).isEqualTo(145);
            List<ConsumerRecord<String, byte[]>> loaded = reader.readUntil(DEADLINE, all -> parquetRecords(all).size() >= 145);
            List<FundamentalsRecord> records = parquetRecords(loaded);
            assertThat(records).hasSize(145);
            // One record per ticker and fiscal year, keyed by the ticker.
            assertThat(records.stream().map(r -> r.ticker() + "/" + r.fiscalYear()).collect(Collectors.toSet())).hasSize(145);
            assertThat(loaded).allMatch(r -> r.key().equals(ContractJson.fromBytes(r.value(), FundamentalsRecord.class).ticker()));
            assertThat(records).noneMatch(r -> r.ticker().equals("KO"));
            // Availability is the filing, never the fiscal year: every record is available after its period ended, a real
            // filing (after the period end) dates it, and a missing or placeholder filing falls back to period end + 90 days.
            int fallback = config.availability().fallbackDaysAfterPeriodEnd();
            assertThat(records).allMatch(r -> r.availableFrom().isAfter(r.reportDate()));
            assertThat(records).allMatch(r -> r.filingDate() != null && r.filingDate().isAfter(r.reportDate())
                    ? !r.availableFrom().isBefore(r.filingDate())
                    : r.availableFrom().equals(r.reportDate().plusDays(fallback)));
            FundamentalsRecord aapl = record(records, "AAPL", 2024);
            assertThat(aapl.availableFrom()).isEqualTo(LocalDate.parse("2024-11-01"));
            assertThat(aapl.metrics()).containsKeys(FundamentalsRecord.EPS, FundamentalsRecord.FREE_CASH_FLOW, FundamentalsRecord.NET_INCOME,
                    FundamentalsRecord.REVENUE, FundamentalsRecord.TOTAL_DEBT, FundamentalsRecord.TOTAL_EQUITY);
            // XOM FY2023 is "filed" on its period end in the file (a placeholder): the conservative rule applies.
            assertThat(record(records, "XOM", 2023).availableFrom()).isEqualTo(LocalDate.parse("2024-03-30"));

            // A restart (a new loader with empty caches over the same PostgreSQL): nothing is sent again.
            FileLoader restarted = new FileLoader(config, registry, migrator, progress, sender, meters);
            assertThat(restarted.loadNew()).isZero();
            assertThat(reader.unread()).isZero();

            sql("UPDATE companies_info SET is_active = TRUE WHERE ticker = 'KO'");
            registry.refresh().await().indefinitely();
            assertThat(loader.loadNew()).isEqualTo(5);
            List<FundamentalsRecord> after = parquetRecords(reader.readUntil(DEADLINE, read -> parquetRecords(read).size() >= 5));
            assertThat(after).hasSize(5).allMatch(r -> r.ticker().equals("KO"));
        }
        given().get("/q/metrics").then().body(containsString("marketflow_fundamentals_file_pending 0.0"));
    }

    @Test
    void fmpStatementsOfAPeriodBecomeOneRecordAndARestatementASecond() throws Exception {
        stubAapl(Fixtures.read("fmp_stable_income_statement"));
        try (TopicReader reader = new TopicReader(bootstrapServers, Topics.H_COMPANY)) {
            assertThat(refresher.refreshDue()).isEqualTo(1);
            List<ConsumerRecord<String, byte[]>> first = reader.readUntil(DEADLINE, all -> fmpRecords(all).size() >= 1);
            assertThat(first).extracting(ConsumerRecord::key).containsExactly("AAPL");
            FundamentalsRecord record = fmpRecords(first).get(0);
            assertThat(record.ticker()).isEqualTo("AAPL");
            // The four stable endpoints, asked the way FMP documents them.
            for (String endpoint : List.of(INCOME, BALANCE, CASHFLOW, KEY_METRICS)) {
                assertThat(fmp.findAll(getRequestedFor(urlPathEqualTo(endpoint)).withQueryParam("symbol", equalTo("AAPL"))
                        .withQueryParam("period", equalTo("annual")).withQueryParam("limit", equalTo("5"))
                        .withQueryParam("apikey", equalTo("test-fmp-key")))).as(endpoint).hasSize(1);
            }
            assertThat(fmp.findAll(getRequestedFor(urlPathMatching("/api/v3/.*")))).isEmpty();
            assertThat(record.filingDate()).isEqualTo(LocalDate.parse("2024-11-01"));
            assertThat(record.acceptedAt()).isEqualTo(AvailabilityRule.acceptedAt("2024-11-01 06:01:36"));
            assertThat(record.availableFrom()).isEqualTo(LocalDate.parse("2024-11-01"));
            assertThat(record.metrics()).containsEntry(FundamentalsRecord.EPS, 6.11).containsEntry(FundamentalsRecord.TOTAL_DEBT, 1.19059e11)
                    .containsEntry(FundamentalsRecord.FREE_CASH_FLOW, 1.08807e11).containsKey("keymetrics_returnOnEquity");

            // Fresh within the refresh interval: no request at all.
            fmp.resetRequests();
            assertThat(refresher.refreshDue()).isZero();
            assertThat(fmp.findAll(getRequestedFor(urlPathEqualTo(INCOME)))).isEmpty();

            // The same period filed again (restated): a new version, a second record.
            ArrayNode restated = (ArrayNode) json.readTree(Fixtures.read("fmp_stable_income_statement"));
            ((ObjectNode) restated.get(0)).put("filingDate", "2025-01-31").put("acceptedDate", "2025-01-31 07:00:00").put("eps", 6.05);
            stubAapl(restated.toString());
            sql("DELETE FROM fundamentals_fetches");
            assertThat(refresher.refreshDue()).isEqualTo(1);
            FundamentalsRecord second = fmpRecords(reader.readUntil(DEADLINE, read -> fmpRecords(read).size() >= 1)).get(0);
            assertThat(second.fiscalYear()).isEqualTo(record.fiscalYear());
            assertThat(second.availableFrom()).isEqualTo(LocalDate.parse("2025-01-31"));
            assertThat(second.metrics()).containsEntry(FundamentalsRecord.EPS, 6.05);
        }
    }

    @Test
    void aNewCompanyIsFetchedAtOnceAndA429IsRetried() throws Exception {
        sql("INSERT INTO companies_info (ticker_id, ticker, company_name, is_active) VALUES (9999, 'ZZZZ', 'Test Co', TRUE)");
        registry.refresh().await().indefinitely();
        String zzzz = Fixtures.read("fmp_stable_income_statement").replace("\"AAPL\"", "\"ZZZZ\"");
        fmp.stubFor(get(urlPathEqualTo(INCOME)).withQueryParam("symbol", equalTo("ZZZZ"))
                .inScenario("429").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "0")).willSetStateTo("ok"));
        fmp.stubFor(get(urlPathEqualTo(INCOME)).withQueryParam("symbol", equalTo("ZZZZ"))
                .inScenario("429").whenScenarioStateIs("ok").willReturn(okJson(zzzz)));
        try (TopicReader reader = new TopicReader(bootstrapServers, Topics.H_COMPANY)) {
            assertThat(refresher.refreshDue()).isEqualTo(1);
            List<FundamentalsRecord> records = fmpRecords(reader.readUntil(DEADLINE, read -> fmpRecords(read).size() >= 1));
            assertThat(records).extracting(FundamentalsRecord::ticker).containsExactly("ZZZZ");
        }
        given().get("/q/metrics").then().body(containsString("outcome=\"rate_limited\""));
    }

    @Test
    void theLegacyEndpointAnswerIsReportedAndNotRetried() {
        fmp.stubFor(get(urlPathEqualTo(INCOME)).willReturn(aResponse().withStatus(403).withHeader("Content-Type", "application/json")
                .withBody(Fixtures.read("fmp_error_legacy_endpoint"))));
        assertThat(refresher.refreshDue()).isZero();
        assertThat(status.state()).isEqualTo(FmpStatus.State.LEGACY_ENDPOINT);
        // One request, then the whole refresher pauses: neither retried nor tried for the other tickers.
        assertThat(fmp.findAll(getRequestedFor(urlPathEqualTo(INCOME)))).hasSize(1);
        assertThat(refresher.refreshDue()).isZero();
        assertThat(fmp.findAll(getRequestedFor(urlPathEqualTo(INCOME)))).hasSize(1);
        given().get("/q/health/ready").then().statusCode(503).body(containsString("Legacy Endpoint"));
        given().get("/q/metrics").then().body(containsString("marketflow_fundamentals_fmp_status{state=\"legacy_endpoint\"} 1.0"))
                .body(containsString("outcome=\"legacy_endpoint\""));
    }

    @Test
    void aMalformedStatementGoesToTheDeadLetterTopicWithItsReason() throws Exception {
        ArrayNode broken = (ArrayNode) json.readTree(Fixtures.read("fmp_stable_income_statement"));
        ((ObjectNode) broken.get(0)).put("eps", "n/a");
        stubAapl(broken.toString());
        try (TopicReader reader = new TopicReader(bootstrapServers, Topics.deadLetter(Topics.H_COMPANY))) {
            assertThat(refresher.refreshDue()).isZero();
            List<ConsumerRecord<String, byte[]>> letters = reader.readUntil(DEADLINE, read -> !read.isEmpty());
            assertThat(letters).hasSize(1);
            assertThat(letters.get(0).key()).isEqualTo("AAPL");
            assertThat(new String(letters.get(0).headers().lastHeader(FundamentalsSender.REASON_HEADER).value(), StandardCharsets.UTF_8))
                    .contains("eps is not a number");
            assertThat(new String(letters.get(0).headers().lastHeader(FundamentalsSender.SOURCE_HEADER).value(), StandardCharsets.UTF_8))
                    .isEqualTo(FmpRefresher.LIVE_SOURCE);
            // The payload is FMP's statement as it came, so it can be inspected and replayed.
            assertThat(json.readTree(letters.get(0).value()).path("eps").asText()).isEqualTo("n/a");
        }
    }

    @Test
    void aServerErrorIsRetriedWithBackoffAndARefreshStoppedMidwayResumesWithNoGapAndNoDuplicate() throws Exception {
        List<String> tickers = registry.active().stream().map(Company::ticker).toList();
        String first = tickers.get(0);
        String failing = tickers.get(1);
        String after = tickers.get(2);
        String income = Fixtures.read("fmp_stable_income_statement");
        stub(first, income.replace("\"AAPL\"", "\"" + first + "\""));
        stub(failing, income.replace("\"AAPL\"", "\"" + failing + "\""));
        // The second ticker's income statement answers 503 every time: the client gives up after max-attempts, the
        // refresh stops there (FMP is down, the next tickers would fail too) and the tickers after it are not asked.
        fmp.stubFor(get(urlPathEqualTo(INCOME)).withQueryParam("symbol", equalTo(failing)).atPriority(1)
                .willReturn(aResponse().withStatus(503)));
        try (TopicReader reader = new TopicReader(bootstrapServers, Topics.H_COMPANY)) {
            assertThat(refresher.refreshDue()).isEqualTo(1);
            assertThat(fmp.findAll(getRequestedFor(urlPathEqualTo(INCOME)).withQueryParam("symbol", equalTo(failing))))
                    .hasSize(config.fmp().retry().maxAttempts());
            assertThat(fmp.findAll(getRequestedFor(urlPathEqualTo(INCOME)).withQueryParam("symbol", equalTo(after)))).isEmpty();
            assertThat(status.state()).isEqualTo(FmpStatus.State.FAILING);
            assertThat(status.lastError()).contains("gave up after").contains("HTTP 503");

            // FMP recovers after one more 502: the retry inside the request absorbs it, and the next refresh goes on
            // from the ticker that failed; the ticker done before is fresh and not asked again.
            fmp.removeStub(fmp.getStubMappings().stream().filter(m -> m.getPriority() != null && m.getPriority() == 1).findFirst().orElseThrow());
            fmp.stubFor(get(urlPathEqualTo(INCOME)).withQueryParam("symbol", equalTo(failing)).atPriority(1)
                    .inScenario("recovering").whenScenarioStateIs(Scenario.STARTED)
                    .willReturn(aResponse().withStatus(502)).willSetStateTo("recovered"));
            fmp.resetRequests();
            assertThat(refresher.refreshDue()).isEqualTo(1);
            assertThat(fmp.findAll(getRequestedFor(urlPathEqualTo(INCOME)).withQueryParam("symbol", equalTo(failing)))).hasSize(2);
            assertThat(fmp.findAll(getRequestedFor(urlPathEqualTo(INCOME)).withQueryParam("symbol", equalTo(first)))).isEmpty();
            assertThat(fmp.findAll(getRequestedFor(urlPathEqualTo(INCOME)).withQueryParam("symbol", equalTo(after)))).hasSize(1);
            assertThat(status.state()).isEqualTo(FmpStatus.State.OK);

            List<ConsumerRecord<String, byte[]>> read = reader.readUntil(DEADLINE, all -> fmpRecords(all).size() >= 2);
            assertThat(read).extracting(ConsumerRecord::key).containsExactly(first, failing);
            assertThat(reader.unread()).isZero();
        }
        given().get("/q/metrics").then().body(containsString("outcome=\"server_error\""));
    }

    @Test
    void fmpProgressSurvivesARestartAndNothingIsSentAgain() throws Exception {
        stubAapl(Fixtures.read("fmp_stable_income_statement"));
        try (TopicReader reader = new TopicReader(bootstrapServers, Topics.H_COMPANY)) {
            assertThat(refresher.refreshDue()).isEqualTo(1);
            assertThat(fmpRecords(reader.readUntil(DEADLINE, all -> fmpRecords(all).size() >= 1))).hasSize(1);

            // A restart: a new refresher with empty caches over the same PostgreSQL. With every ticker due again (the
            // refresh interval passed), FMP is asked again, and the versions already acknowledged are not re-sent.
            sql("DELETE FROM fundamentals_fetches");
            fmp.resetRequests();
            FmpRefresher restarted = new FmpRefresher(config, registry, migrator, progress, budgets, sender, status, meters, Clock.systemUTC());
            assertThat(restarted.refreshDue()).isZero();
            assertThat(fmp.findAll(getRequestedFor(urlPathEqualTo(INCOME)).withQueryParam("symbol", equalTo("AAPL")))).hasSize(1);
            assertThat(reader.unread()).isZero();
        }
    }

    private void stubAapl(String income) {
        stub("AAPL", income);
    }

    private void stub(String symbol, String income) {
        FmpStubs.stub(fmp, symbol, income);
    }

    private static FundamentalsRecord record(List<FundamentalsRecord> records, String ticker, int fiscalYear) {
        return records.stream().filter(r -> r.ticker().equals(ticker) && r.fiscalYear() == fiscalYear).findFirst().orElseThrow();
    }

    private void sql(String statement) {
        pool.query(statement).execute().await().indefinitely();
    }

    private static List<FundamentalsRecord> parquetRecords(List<ConsumerRecord<String, byte[]>> read) {
        return records(read).stream().filter(r -> r.source().equals(StatementMapper.FILE_SOURCE)).toList();
    }

    private static List<FundamentalsRecord> fmpRecords(List<ConsumerRecord<String, byte[]>> read) {
        return records(read).stream().filter(r -> r.source().equals(FmpRefresher.LIVE_SOURCE)).toList();
    }

    private static List<FundamentalsRecord> records(List<ConsumerRecord<String, byte[]>> read) {
        return read.stream().map(r -> ContractJson.fromBytes(r.value(), FundamentalsRecord.class)).toList();
    }
}
