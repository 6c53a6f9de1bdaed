package io.marketflow.ingest.social.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.marketflow.contract.ContractJson;
import io.marketflow.contract.SocialPost;
import io.marketflow.contract.Topics;
import io.marketflow.ingest.social.config.SocialConfig;
import io.marketflow.ingest.social.config.SocialConfig.Mode;
import io.marketflow.ingest.social.domain.PostNormalizer;
import io.marketflow.ingest.social.repository.SeenPostsRepository;
import io.marketflow.localstack.LocalStackResource;
import io.marketflow.registry.CompanyRegistry;
import io.marketflow.registry.SchemaMigrator;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;

/**
 * Without {@code X_BEARER_TOKEN}: the recorded X search this service serves itself goes through the real X client,
 * normalizer and delivery to {@code x_posts}, marked recorded, once per run.
 */
@QuarkusTest
@WithTestResource(LocalStackResource.class)
@TestProfile(RecordedModeTest.NoCredentials.class)
class RecordedXTest {

    private static final String SEARCH = "/recorded/x/2/tweets/search/recent";

    @Inject
    XPoller x;

    @Inject
    SocialConfig config;

    @Inject
    CompanyRegistry companies;

    @Inject
    SchemaMigrator migrator;

    @Inject
    SeenPostsRepository seen;

    @Inject
    SocialPublisher publisher;

    @Inject
    PostNormalizer normalizer;

    @Inject
    Clock clock;

    @Inject
    MeterRegistry registry;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void replaysTheRecordedTweetsThroughTheRealClientOncePerRun() throws IOException {
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(migrator::migrated);
        companies.refresh().await().indefinitely();
        assertThat(x.mode()).contains(Mode.RECORDED);
        Set<String> recordedIds = new HashSet<>();
        recorded().path("data").forEach(t -> recordedIds.add(t.path("id").asText()));
        try (TopicReader reader = new TopicReader(bootstrap, Topics.X_POSTS)) {
            // One poll searches every keyword (stocks, inflation, the companies' words): each recorded tweet is found.
            assertThat(x.pollOnce()).isEqualTo(recordedIds.size());
            List<ConsumerRecord<String, byte[]>> records = reader.readUntil(Duration.ofSeconds(20), r -> r.size() >= recordedIds.size());
            assertThat(records).allSatisfy(r -> assertThat(
                    new String(r.headers().lastHeader(SocialPublisher.MODE_HEADER).value(), StandardCharsets.UTF_8)).isEqualTo("recorded"));
            Map<String, SocialPost> byId = records.stream().map(r -> ContractJson.fromBytes(r.value(), SocialPost.class))
                    .collect(Collectors.toMap(SocialPost::id, p -> p));
            assertThat(byId.keySet()).isEqualTo(recordedIds);
            assertThat(byId.values()).allSatisfy(p -> assertThat(p.platform()).isEqualTo(PostNormalizer.X));
            // Found by the general keyword searched first; its cashtag names Apple. The author comes from includes.users.
            SocialPost cashtag = byId.get("1991522783720386563");
            assertThat(cashtag.keyword()).isEqualTo("stocks");
            assertThat(cashtag.ticker()).isEqualTo("AAPL");
            assertThat(cashtag.author()).isEqualTo("chartdesk");
            SocialPost apple = byId.get("1991527661695934466");
            assertThat(apple.keyword()).isEqualTo("Apple");
            assertThat(apple.ticker()).isEqualTo("AAPL");
            assertThat(byId.get("1991514848097226757").ticker()).isNull();

            // A second poll, and a restarted process of the same run (nothing in memory), publish nothing again.
            assertThat(x.pollOnce()).isZero();
            XPoller restarted = new XPoller(config, companies, migrator, new PostDelivery(seen, publisher, config.recordedRun()), normalizer, clock,
                    registry);
            assertThat(restarted.pollOnce()).isZero();
            // pollOnce returns after Kafka's ack, so anything either had sent would be on the topic by now.
            assertThat(reader.unread()).isZero();
        }
        RestAssured.get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'social-sources' }.data.'x.mode'", equalTo("recorded"))
                .body("checks.find { it.name == 'social-sources' }.data.'x.last-success'", notNullValue());
        assertThat(RestAssured.get("/q/metrics").asString()).contains("marketflow_social_mode{mode=\"recorded\",platform=\"x\"} 1.0");
    }

    @Test
    void answersInXsShapeAndOnlyWithABearerToken() {
        RestAssured.given().queryParam("query", "AAPL -is:retweet lang:en").get(SEARCH).then().statusCode(401)
                .header("X-Marketflow-Recorded", "true").body("status", equalTo(401));
        RestAssured.given().header("Authorization", "Bearer anything").queryParam("query", "AAPL -is:retweet lang:en").queryParam("max_results", 10)
                .get(SEARCH).then().statusCode(200).header("X-Marketflow-Recorded", "true")
                .body("data.id", contains("1991522783720386563")).body("includes.users.username", contains("chartdesk"))
                .body("meta.result_count", equalTo(1)).body("meta.newest_id", equalTo("1991522783720386563"));
        String empty = RestAssured.given().header("Authorization", "Bearer anything").queryParam("query", "\"interest rates\" -is:retweet lang:en")
                .get(SEARCH).then().statusCode(200).extract().asString();
        assertThat(empty).isEqualTo("{\"meta\":{\"result_count\":0}}");
    }

    private static JsonNode recorded() throws IOException {
        try (InputStream in = RecordedXTest.class.getResourceAsStream("/recorded/x/search_recent.json")) {
            return new ObjectMapper().readTree(in);
        }
    }
}
