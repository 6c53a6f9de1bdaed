package io.marketflow.ingest.fundamentals.messaging;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import java.nio.charset.StandardCharsets;
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
import io.marketflow.ingest.fundamentals.client.FmpWireMockResource;
import io.marketflow.ingest.fundamentals.client.InjectWireMock;
import io.marketflow.ingest.fundamentals.domain.StatementMapper;
import io.marketflow.ingest.fundamentals.repository.FundamentalsProgressRepository;
import io.marketflow.localstack.LocalStackResource;
import io.marketflow.registry.CompanyRegistry;
import io.marketflow.registry.SchemaMigrator;
import io.quarkus.test.common.WithTestResource;
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
    private static final String INCOME = "/stable/income-statement";

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
    CompanyRegistry registry;

    @Inject
    SchemaMigrator migrator;

    @Inject
    Pool pool;

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
        fmp.stubFor(get(com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching("/stable/.*")).atPriority(100).willReturn(okJson("[]")));
    }

    @Test
    void theFileLoadsEveryRowOfActiveCompaniesOnceAndANewCompanyWithoutARestart() throws Exception {
        sql("UPDATE companies_info SET is_active = FALSE WHERE ticker = 'KO'");
        registry.refresh().await().indefinitely();
        try (TopicReader reader = new TopicReader(bootstrapServers, Topics.H_COMPANY)) {
            assertThat(loader.loadNew()).isEqualTo(145);
            List<FundamentalsRecord> records = parquetRecords(reader.readUntil(DEADLINE, read -> parquetRecords(read).size() >= 145));
            assertThat(records).hasSize(145);
            assertThat(records.stream().map(r -> r.ticker() + "/" + r.fiscalYear()).collect(Collectors.toSet())).hasSize(145);
            assertThat(records).noneMatch(r -> r.ticker().equals("KO"));
            // Availability is the filing, never the fiscal year: every record is available after its period ended.
            assertThat(records).allMatch(r -> r.availableFrom().isAfter(r.reportDate()));
            FundamentalsRecord aapl = records.stream().filter(r -> r.ticker().equals("AAPL") && r.fiscalYear() == 2024).findFirst().orElseThrow();
            assertThat(aapl.availableFrom()).isEqualTo(LocalDate.parse("2024-11-01"));
            assertThat(aapl.metrics()).containsKeys(FundamentalsRecord.EPS, FundamentalsRecord.FREE_CASH_FLOW, FundamentalsRecord.NET_INCOME,
                    FundamentalsRecord.REVENUE, FundamentalsRecord.TOTAL_DEBT, FundamentalsRecord.TOTAL_EQUITY);

            // A restart forgets the cache, not PostgreSQL: nothing new is sent.
            loader.forget();
            assertThat(loader.loadNew()).isZero();

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
            FundamentalsRecord record = fmpRecords(reader.readUntil(DEADLINE, read -> fmpRecords(read).size() >= 1)).get(0);
            assertThat(record.ticker()).isEqualTo("AAPL");
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
        fmp.stubFor(get(urlPathEqualTo(INCOME)).withQueryParam("symbol", com.github.tomakehurst.wiremock.client.WireMock.equalTo("ZZZZ"))
                .inScenario("429").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "0")).willSetStateTo("ok"));
        fmp.stubFor(get(urlPathEqualTo(INCOME)).withQueryParam("symbol", com.github.tomakehurst.wiremock.client.WireMock.equalTo("ZZZZ"))
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
            assertThat(new String(letters.get(0).headers().lastHeader("reason").value(), StandardCharsets.UTF_8)).contains("eps");
        }
    }

    private void stubAapl(String income) {
        var aapl = com.github.tomakehurst.wiremock.client.WireMock.equalTo("AAPL");
        fmp.stubFor(get(urlPathEqualTo(INCOME)).withQueryParam("symbol", aapl).willReturn(okJson(income)));
        fmp.stubFor(get(urlPathEqualTo("/stable/key-metrics")).withQueryParam("symbol", aapl).willReturn(okJson(Fixtures.read("fmp_stable_key_metrics"))));
        fmp.stubFor(get(urlPathEqualTo("/stable/balance-sheet-statement")).withQueryParam("symbol", aapl)
                .willReturn(okJson("[{\"date\":\"2024-09-28\",\"symbol\":\"AAPL\",\"period\":\"FY\",\"totalDebt\":119059000000,\"totalStockholdersEquity\":56950000000}]")));
        fmp.stubFor(get(urlPathEqualTo("/stable/cash-flow-statement")).withQueryParam("symbol", aapl)
                .willReturn(okJson("[{\"date\":\"2024-09-28\",\"symbol\":\"AAPL\",\"period\":\"FY\",\"freeCashFlow\":108807000000}]")));
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
