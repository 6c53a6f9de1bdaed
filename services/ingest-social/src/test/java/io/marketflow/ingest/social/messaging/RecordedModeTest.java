package io.marketflow.ingest.social.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.marketflow.contract.ContractJson;
import io.marketflow.contract.SocialPost;
import io.marketflow.contract.Topics;
import io.marketflow.ingest.social.config.SocialConfig.Mode;
import io.marketflow.localstack.LocalStackResource;
import io.marketflow.registry.CompanyRegistry;
import io.marketflow.registry.SchemaMigrator;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;

/** Without credentials: the recorded responses this service serves itself go through the real client to Kafka, marked recorded. */
@QuarkusTest
@WithTestResource(LocalStackResource.class)
@TestProfile(RecordedModeTest.NoCredentials.class)
class RecordedModeTest {

    /** No Bluesky handle or password, no X token, manual polling, no pacing, a new recorded run. */
    public static class NoCredentials implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("marketflow.social.schedule", "false", "marketflow.social.general-keywords", "stocks,inflation",
                    "marketflow.social.bluesky.keyword-delay", "0s", "marketflow.social.bluesky.requests-per-minute", "60000",
                    "marketflow.social.bluesky.handle", "", "marketflow.social.bluesky.app-password", "",
                    "marketflow.social.x.bearer-token", "",
                    // A run of its own: the shared test database keeps the recorded state of earlier runs.
                    "marketflow.social.recorded-run", "test-" + UUID.randomUUID());
        }
    }

    @Inject
    BlueskyPoller poller;

    @Inject
    XPoller x;

    @Inject
    CompanyRegistry companies;

    @Inject
    SchemaMigrator migrator;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void replaysTheRecordedSearchesThroughTheRealClientMarkedRecorded() {
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(migrator::migrated);
        companies.refresh().await().indefinitely();
        assertThat(poller.mode()).contains(Mode.RECORDED);
        assertThat(x.mode()).contains(Mode.RECORDED);
        RestAssured.get("/recorded/bluesky/xrpc/app.bsky.feed.searchPosts?q=stocks").then().statusCode(200)
                .header("X-Marketflow-Recorded", "true");
        try (TopicReader reader = new TopicReader(bootstrap, Topics.BLUESKY)) {
            // stocks: two pages (3), inflation 1, Apple, Nvidia, Tesla 1 each.
            assertThat(poller.pollOnce()).isEqualTo(7);
            List<ConsumerRecord<String, byte[]>> records = reader.readUntil(Duration.ofSeconds(20), r -> r.size() >= 7);
            assertThat(records).hasSize(7).allSatisfy(r -> assertThat(
                    new String(r.headers().lastHeader(SocialPublisher.MODE_HEADER).value(), StandardCharsets.UTF_8)).isEqualTo("recorded"));
            SocialPost apple = records.stream().filter(r -> "Apple".equals(r.key())).map(r -> ContractJson.fromBytes(r.value(), SocialPost.class))
                    .findFirst().orElseThrow();
            assertThat(apple.ticker()).isEqualTo("AAPL");
            assertThat(apple.sentiment()).isPositive();
        }
        assertThat(poller.pollOnce()).isZero();
        RestAssured.get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'social-sources' }.data.'bluesky.mode'", org.hamcrest.Matchers.equalTo("recorded"));
    }
}
