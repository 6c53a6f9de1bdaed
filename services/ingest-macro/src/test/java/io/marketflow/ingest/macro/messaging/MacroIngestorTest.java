package io.marketflow.ingest.macro.messaging;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;

import io.marketflow.contract.ContractJson;
import io.marketflow.contract.MacroObservation;
import io.marketflow.contract.PolicyEvent;
import io.marketflow.contract.Topics;
import io.marketflow.ingest.macro.client.Fixtures;
import io.marketflow.ingest.macro.client.InjectWireMock;
import io.marketflow.ingest.macro.client.ProvidersWireMockResource;
import io.marketflow.ingest.macro.repository.MacroProgressRepository;
import io.marketflow.localstack.LocalStackResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The macro ingest against FRED and the World Bank served by WireMock from fixtures, real Kafka and real PostgreSQL:
 * pages, vintages and revisions, missing values, error bodies, rate limits, resume, policy events, dead letters.
 */
@QuarkusTest
@WithTestResource(LocalStackResource.class)
@WithTestResource(value = ProvidersWireMockResource.class, initArgs = {
        @ResourceArg(name = "marketflow.macro.fred.series", value = "GDPC1:gdp_real,DGS10:t10y"),
        @ResourceArg(name = "marketflow.macro.world-bank.indicators", value = "NY.GDP.MKTP.KD.ZG:wb_gdp_growth"),
        @ResourceArg(name = "marketflow.macro.fred.page-limit", value = "2"),
        @ResourceArg(name = "marketflow.macro.world-bank.per-page", value = "3"),
        @ResourceArg(name = "marketflow.macro.policy.start", value = "2024-09-17") })
class MacroIngestorTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final String OBSERVATIONS = "/fred/series/observations";

    @InjectWireMock
    WireMockServer wireMock;

    @Inject
    MacroIngestor ingestor;

    @Inject
    MacroProgressRepository repository;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @BeforeEach
    void cleanSlate() {
        repository.reset().await().indefinitely();
        wireMock.resetAll();
    }

    @Test
    void aBackfillStoppedMidwayResumesWithNoGapAndNoDuplicate() {
        stubAllPages();
        // Page 2 of GDPC1 fails (a refused request): the series stops after page 1, the others complete.
        wireMock.stubFor(fred("GDPC1").withQueryParam("offset", equalTo("2")).atPriority(1)
                .willReturn(aResponse().withStatus(400).withBody(Fixtures.read("fred_error_response"))));
        try (TopicReader reader = new TopicReader(bootstrapServers, Topics.H_MACRODATA)) {
            Map<String, String> failed = ingestor.backfill();
            assertThat(failed).containsOnlyKeys("gdp_real");
            assertThat(failed.get("gdp_real")).contains("The series does not exist");
            List<MacroObservation> first = observations(reader.readUntil(DEADLINE, count(2 + 5 + 5)));
            assertThat(first).filteredOn(o -> o.alias().equals("gdp_real")).hasSize(2);

            wireMock.resetAll();
            stubAllPages();
            assertThat(ingestor.backfill()).isEmpty();
            List<MacroObservation> second = observations(reader.readUntil(DEADLINE, count(3)));
            assertThat(ingestor.backfill()).isEmpty();
            assertThat(reader.readUntil(Duration.ofSeconds(2), records -> false)).as("a third run sends nothing").isEmpty();

            assertThat(second).allMatch(o -> o.alias().equals("gdp_real"));
            List<MacroObservation> gdp = new java.util.ArrayList<>(first.stream().filter(o -> o.alias().equals("gdp_real")).toList());
            gdp.addAll(second);
            assertThat(gdp).as("every vintage of the five, once").hasSize(5).doesNotHaveDuplicates();
            assertThat(gdp).extracting(MacroObservation::date).containsOnly(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 4, 1), LocalDate.of(2024, 7, 1));
        }
    }

    @Test
    void missingValuesAreNullAndRecordsAreKeyedByAlias() {
        stubAllPages();
        try (TopicReader reader = new TopicReader(bootstrapServers, Topics.H_MACRODATA)) {
            ingestor.backfill();
            var records = reader.readUntil(DEADLINE, count(12));
            List<MacroObservation> t10y = observations(records).stream().filter(o -> o.alias().equals("t10y")).toList();
            assertThat(t10y).hasSize(5);
            assertThat(t10y.stream().filter(o -> o.date().equals(LocalDate.of(2025, 1, 1))).findFirst().orElseThrow().value()).isNull();
            assertThat(records).allMatch(r -> r.key().equals(read(r).alias()));
            List<MacroObservation> wb = observations(records).stream().filter(o -> o.source().equals("worldbank")).toList();
            assertThat(wb).as("both World Bank pages").hasSize(5).allMatch(o -> o.realtimeStart() != null);
        }
    }

    @Test
    void rateLimitsAndServerErrorsAreRetried() {
        stubAllPages();
        String scenario = "flaky";
        wireMock.stubFor(fred("DGS10").atPriority(1).inScenario(scenario).whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "0")).willSetStateTo("503"));
        wireMock.stubFor(fred("DGS10").atPriority(1).inScenario(scenario).whenScenarioStateIs("503")
                .willReturn(aResponse().withStatus(503)).willSetStateTo("ok"));
        wireMock.stubFor(fred("DGS10").atPriority(1).inScenario(scenario).whenScenarioStateIs("ok")
                .willReturn(okJson(Fixtures.read("fred_series_observations_DGS10"))));

        assertThat(ingestor.backfill()).isEmpty();

        wireMock.verify(3, getRequestedFor(urlPathEqualTo(OBSERVATIONS)).withQueryParam("series_id", equalTo("DGS10")));
        given().get("/q/metrics").then().body(containsString("marketflow_provider_requests_total{outcome=\"rate_limited\",source=\"fred\"}"));
    }

    @Test
    void errorBodiesOfBothProvidersFailOnlyTheirSeries() {
        stubAllPages();
        wireMock.stubFor(fred("GDPC1").atPriority(1).willReturn(aResponse().withStatus(400).withBody(Fixtures.read("fred_error_response"))));
        wireMock.stubFor(get(urlPathMatching("/v2/country/US/indicator/.*")).atPriority(1)
                .willReturn(okJson(Fixtures.read("worldbank_v2_error_invalid_indicator"))));

        Map<String, String> failed = ingestor.backfill();

        assertThat(failed).containsOnlyKeys("gdp_real", "wb_gdp_growth");
        assertThat(failed.get("gdp_real")).contains("HTTP 400").contains("The series does not exist");
        assertThat(failed.get("wb_gdp_growth")).contains("120 Invalid value");
    }

    @Test
    void aRevisionIsANewVintageAndAnAsOfReadBeforeItReturnsTheOldValue() {
        stubPoll("fred_series_observations_GDPC1_before_revision");
        try (TopicReader reader = new TopicReader(bootstrapServers, Topics.MACRODATA)) {
            ingestor.poll();
            List<MacroObservation> before = gdp(reader.readUntil(DEADLINE, hasAlias("gdp_real", 1)));
            assertThat(before).hasSize(1);
            assertThat(before.get(0).realtimeEnd()).isNull();

            wireMock.resetAll();
            stubPoll("fred_series_observations_GDPC1_after_revision");
            ingestor.poll();
            List<MacroObservation> after = gdp(reader.readUntil(DEADLINE, hasAlias("gdp_real", 2)));

            assertThat(after).as("the old vintage closed, the revision opened").hasSize(2);
            List<MacroObservation> all = new java.util.ArrayList<>(before);
            all.addAll(after);
            assertThat(asOf(all, LocalDate.of(2024, 5, 1))).isEqualTo(22758.8);
            assertThat(asOf(all, LocalDate.of(2024, 6, 1))).isEqualTo(22768.9);
        }
    }

    @Test
    void everyChangeOfTheTargetRangeIsOnePolicyEventAndTheCalendarIsSentOnce() {
        stubPoll("fred_series_observations_GDPC1_before_revision");
        try (TopicReader reader = new TopicReader(bootstrapServers, Topics.POLICY_EVENTS)) {
            ingestor.poll();
            var records = reader.readUntil(DEADLINE, r -> r.stream().filter(x -> x.key().equals(PolicyEvent.RATE_DECISION)).count() >= 3
                    && r.size() > 50);
            List<PolicyEvent> decisions = records.stream().filter(r -> r.key().equals(PolicyEvent.RATE_DECISION))
                    .map(r -> ContractJson.fromBytes(r.value(), PolicyEvent.class)).toList();
            assertThat(decisions).extracting(PolicyEvent::changeBps).containsExactly(-50, -25, -25);
            assertThat(records).filteredOn(r -> r.key().equals(PolicyEvent.FOMC_MEETING)).hasSizeGreaterThan(50);

            ingestor.poll();
            assertThat(reader.readUntil(Duration.ofSeconds(2), r -> false)).as("a second poll sends no event again").isEmpty();
        }
    }

    @Test
    void aMalformedObservationGoesToTheDeadLettersWithItsReason() {
        stubAllPages();
        wireMock.stubFor(fred("DGS10").atPriority(1).willReturn(okJson(Fixtures.read("fred_series_observations_DGS10_malformed"))));
        try (TopicReader dlq = new TopicReader(bootstrapServers, Topics.deadLetter(Topics.H_MACRODATA))) {
            ingestor.backfill();
            var records = dlq.readUntil(DEADLINE, count(2));
            assertThat(records).hasSize(2).allMatch(r -> r.key().equals("t10y"));
            assertThat(records).extracting(r -> new String(r.headers().lastHeader("reason").value(), StandardCharsets.UTF_8))
                    .containsExactly("value 'n/a' is not a number", "date is missing");
            assertThat(new String(records.get(0).value(), StandardCharsets.UTF_8)).contains("\"n/a\"");
        }
    }

    private void stubAllPages() {
        for (int page = 1; page <= 3; page++) {
            wireMock.stubFor(fred("GDPC1").withQueryParam("offset", equalTo(String.valueOf(2 * (page - 1))))
                    .willReturn(okJson(Fixtures.read("fred_series_observations_GDPC1_vintages_page" + page))));
        }
        wireMock.stubFor(fred("DGS10").willReturn(okJson(Fixtures.read("fred_series_observations_DGS10"))));
        stubWorldBank();
    }

    private void stubPoll(String gdpFixture) {
        wireMock.stubFor(fred("GDPC1").willReturn(okJson(Fixtures.read(gdpFixture))));
        wireMock.stubFor(fred("DGS10").willReturn(okJson(Fixtures.read("fred_series_observations_DGS10"))));
        wireMock.stubFor(fred("DFEDTARU").willReturn(okJson(Fixtures.read("fred_series_observations_DFEDTARU"))));
        wireMock.stubFor(fred("DFEDTARL").willReturn(okJson(Fixtures.read("fred_series_observations_DFEDTARL"))));
        stubWorldBank();
    }

    private void stubWorldBank() {
        String path = "/v2/country/US/indicator/NY.GDP.MKTP.KD.ZG";
        wireMock.stubFor(get(urlPathEqualTo(path)).withQueryParam("page", equalTo("1")).withQueryParam("format", equalTo("json"))
                .willReturn(okJson(Fixtures.read("worldbank_v2_country_indicator_page1"))));
        wireMock.stubFor(get(urlPathEqualTo(path)).withQueryParam("page", equalTo("2"))
                .willReturn(okJson(Fixtures.read("worldbank_v2_country_indicator_page2"))));
    }

    private static MappingBuilder fred(String seriesId) {
        return get(urlPathEqualTo(OBSERVATIONS)).withQueryParam("series_id", equalTo(seriesId))
                .withQueryParam("api_key", equalTo(ProvidersWireMockResource.KEY)).withQueryParam("file_type", equalTo("json"));
    }

    private static Predicate<List<ConsumerRecord<String, byte[]>>> count(int n) {
        return records -> records.size() >= n;
    }

    private static Predicate<List<ConsumerRecord<String, byte[]>>> hasAlias(String alias, int n) {
        return records -> records.stream().filter(r -> r.key().equals(alias)).count() >= n;
    }

    private static List<MacroObservation> gdp(List<ConsumerRecord<String, byte[]>> records) {
        return observations(records).stream().filter(o -> o.alias().equals("gdp_real")).toList();
    }

    private static List<MacroObservation> observations(List<ConsumerRecord<String, byte[]>> records) {
        return records.stream().map(MacroIngestorTest::read).toList();
    }

    private static MacroObservation read(ConsumerRecord<String, byte[]> record) {
        return ContractJson.fromBytes(record.value(), MacroObservation.class);
    }

    /** The consumer's rule: per (date, realtime_start) the last record wins (it may close the vintage), then knownOn. */
    private static Double asOf(List<MacroObservation> records, LocalDate day) {
        Map<String, MacroObservation> latest = new java.util.LinkedHashMap<>();
        records.forEach(o -> latest.put(o.date() + "|" + o.realtimeStart(), o));
        List<MacroObservation> known = latest.values().stream().filter(o -> o.date().equals(LocalDate.of(2024, 1, 1)) && o.knownOn(day))
                .sorted(Comparator.comparing(MacroObservation::realtimeStart)).toList();
        assertThat(known).hasSize(1);
        return known.get(0).value();
    }
}
