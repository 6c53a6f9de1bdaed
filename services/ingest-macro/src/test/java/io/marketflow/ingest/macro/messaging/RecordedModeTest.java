package io.marketflow.ingest.macro.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.marketflow.contract.ContractJson;
import io.marketflow.contract.MacroObservation;
import io.marketflow.contract.PolicyEvent;
import io.marketflow.contract.Topics;
import io.marketflow.ingest.macro.repository.MacroProgressRepository;
import io.marketflow.localstack.LocalStackResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Without a FRED key the service replays its recordings through its own HTTP port and the real clients: every
 * series reaches h_macrodata (GDP with a revision), the newest observations reach macrodata, the rate decisions of
 * 2020-2024 reach policy_events, and the mode shows as {@code recorded} in metrics and readiness.
 */
@QuarkusTest
@TestProfile(RecordedModeTest.NoKey.class)
@WithTestResource(LocalStackResource.class)
class RecordedModeTest {

    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @Inject
    MacroIngestor ingestor;

    @Inject
    MacroProgressRepository repository;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void everyTopicFlowsFromTheRecordingsAndTheModeSaysRecorded() {
        repository.reset().await().indefinitely();
        try (TopicReader history = new TopicReader(bootstrapServers, Topics.H_MACRODATA);
                TopicReader latest = new TopicReader(bootstrapServers, Topics.MACRODATA);
                TopicReader policy = new TopicReader(bootstrapServers, Topics.POLICY_EVENTS)) {
            assertThat(ingestor.backfill()).isEmpty();
            assertThat(ingestor.poll()).isEmpty();

            List<MacroObservation> h = history.readUntil(DEADLINE, r -> r.stream().map(x -> x.key()).distinct().count() >= 9).stream()
                    .map(r -> ContractJson.fromBytes(r.value(), MacroObservation.class)).toList();
            assertThat(h).extracting(MacroObservation::alias).contains("gdp_real", "cpi", "ffr", "t10y", "t2y", "spread_10y_2y", "unemployment",
                    "wb_gdp_growth", "wb_cpi_inflation");
            assertThat(h).filteredOn(o -> o.alias().equals("gdp_real") && o.date().equals(LocalDate.of(2024, 1, 1))).as("a revision").hasSize(2);
            assertThat(latest.readUntil(DEADLINE, r -> r.size() >= 9)).hasSizeGreaterThanOrEqualTo(9);
            List<PolicyEvent> decisions = policy.readUntil(DEADLINE, r -> r.stream().filter(x -> x.key().equals(PolicyEvent.RATE_DECISION)).count() >= 16)
                    .stream().filter(r -> r.key().equals(PolicyEvent.RATE_DECISION)).map(r -> ContractJson.fromBytes(r.value(), PolicyEvent.class)).toList();
            assertThat(decisions).hasSize(16);
            assertThat(decisions.get(1).changeBps()).as("2020-03-16").isEqualTo(-100);
        }
        given().get("/q/metrics").then().body(containsString("marketflow_macro_mode{mode=\"recorded\"} 1.0"));
        given().get("/q/health/ready").then().statusCode(200).body("checks.find { it.name == 'macro-ingest' }.data.mode", is("recorded"));
        given().get("/recorded/fred/fred/series/observations?series_id=NOPE").then().statusCode(400).body("error_code", is(400));
    }

    /** No key, default mode: recorded. */
    public static class NoKey implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("marketflow.macro.fred.api-key", "", "marketflow.macro.fred.mode", "auto");
        }
    }
}
