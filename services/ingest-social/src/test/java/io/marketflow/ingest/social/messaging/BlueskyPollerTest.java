package io.marketflow.ingest.social.messaging;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;

import io.marketflow.contract.ContractJson;
import io.marketflow.contract.SocialPost;
import io.marketflow.contract.Topics;
import io.marketflow.ingest.social.client.Fixtures;
import io.marketflow.ingest.social.client.InjectWireMock;
import io.marketflow.ingest.social.client.SocialWireMockResource;
import io.marketflow.ingest.social.config.SocialConfig.Mode;
import io.marketflow.ingest.social.domain.Keyword;
import io.marketflow.ingest.social.domain.Normalized;
import io.marketflow.ingest.social.domain.PostNormalizer;
import io.marketflow.ingest.social.repository.SeenPostsRepository;
import io.marketflow.localstack.LocalStackResource;
import io.marketflow.registry.CompanyRegistry;
import io.marketflow.registry.SchemaMigrator;
import io.marketflow.sentiment.Scorers;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** Bluesky through real HTTP (WireMock fixtures), real Kafka and real PostgreSQL. */
@QuarkusTest
@WithTestResource(LocalStackResource.class)
@WithTestResource(SocialWireMockResource.class)
class BlueskyPollerTest {

    private static final String SEARCH = SocialWireMockResource.SEARCH;

    @InjectWireMock
    WireMockServer wireMock;

    @Inject
    BlueskyPoller poller;

    @Inject
    SeenPostsRepository seen;

    @Inject
    SocialPublisher publisher;

    @Inject
    CompanyRegistry companies;

    @Inject
    SchemaMigrator migrator;

    @Inject
    Pool pool;

    @Inject
    PostDelivery delivery;

    @Inject
    PostNormalizer normalizer;

    @Inject
    io.marketflow.ingest.social.config.SocialConfig config;

    @Inject
    java.time.Clock clock;

    @Inject
    io.micrometer.core.instrument.MeterRegistry registry;

    /** The poller a request listener stops (null: none); the listener stays on the shared server, so it is armed per test. */
    private static final AtomicReference<BlueskyPoller> STOP_ON_SEARCH = new AtomicReference<>();

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @BeforeEach
    void cleanState() {
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(migrator::migrated);
        wireMock.resetAll();
        SocialWireMockResource.stubDefaults(wireMock);
        seen.forget(PostNormalizer.BLUESKY).await().indefinitely();
        companies.refresh().await().indefinitely();
    }

    @AfterEach
    void removeTestCompany() {
        pool.preparedQuery("DELETE FROM companies_info WHERE ticker = 'ZZTS'").execute().await().indefinitely();
    }

    private void stubStocksTwoPages() {
        wireMock.stubFor(get(urlPathEqualTo(SEARCH)).withQueryParam("q", equalTo("stocks")).withQueryParam("cursor", absent())
                .willReturn(okJson(Fixtures.read("bluesky_app_bsky_feed_searchPosts.json"))));
        wireMock.stubFor(get(urlPathEqualTo(SEARCH)).withQueryParam("q", equalTo("stocks")).withQueryParam("cursor", equalTo("25"))
                .willReturn(okJson(page("bafyreipage2cid", "Stocks climbed again: earnings beat across the board."))));
    }

    private static String page(String cid, String text) {
        return "{\"posts\":[{\"uri\":\"at://did:plc:p2/app.bsky.feed.post/" + cid + "\",\"cid\":\"" + cid + "\","
                + "\"author\":{\"did\":\"did:plc:p2\",\"handle\":\"p2.bsky.social\"},\"record\":{\"$type\":\"app.bsky.feed.post\","
                + "\"createdAt\":\"2025-11-20T14:00:00.000Z\",\"langs\":[\"en\"],\"text\":\"" + text + "\"},"
                + "\"replyCount\":0,\"repostCount\":0,\"likeCount\":2,\"quoteCount\":0,\"indexedAt\":\"2025-11-20T14:00:01.000Z\",\"labels\":[]}]}";
    }

    @Test
    void followsTheCursorAndPublishesScoredPostsKeyedByKeyword() {
        stubStocksTwoPages();
        try (TopicReader reader = new TopicReader(bootstrap, Topics.BLUESKY)) {
            assertThat(poller.pollOnce()).isEqualTo(3);
            List<ConsumerRecord<String, byte[]>> records = reader.readUntil(Duration.ofSeconds(20), r -> r.size() >= 3);
            assertThat(records).hasSize(3).allSatisfy(r -> {
                assertThat(r.key()).isEqualTo("stocks");
                assertThat(new String(r.headers().lastHeader(SocialPublisher.MODE_HEADER).value(), StandardCharsets.UTF_8)).isEqualTo("live");
            });
            List<SocialPost> posts = records.stream().map(r -> ContractJson.fromBytes(r.value(), SocialPost.class)).toList();
            assertThat(posts).extracting(SocialPost::id).containsExactly("bafyreihq3vx5d5y2a4l4z6r6ccn6p2gk4w5m7t5kq2z3ukxw7g6wq4c5ye",
                    "bafyreid6y3t5wz4k2q7m8n9p0r1s2t3u4v5w6x7y8z9a0b1c2d3e4f5g6h", "bafyreipage2cid");
            // A general keyword: the first post names $AAPL and Apple, so it counts for AAPL; the others name no
            // company, have no ticker and feed the sentiment_general_* features.
            assertThat(posts).extracting(SocialPost::ticker).containsExactly("AAPL", null, null);
            assertThat(posts).allSatisfy(p -> {
                assertThat(p.scorer()).isEqualTo(Scorers.FINANCE_ID);
                assertThat(p.sentiment()).isNotNull();
            });
        }
        wireMock.verify(1, getRequestedFor(urlPathEqualTo(SEARCH)).withQueryParam("q", equalTo("stocks")).withQueryParam("cursor", equalTo("25"))
                .withQueryParam("sort", equalTo("latest")).withHeader("Authorization", equalTo("Bearer " + accessJwt())));
        // Next cycle: page one brings nothing new, so the cursor is not followed again.
        assertThat(poller.pollOnce()).isZero();
        wireMock.verify(1, getRequestedFor(urlPathEqualTo(SEARCH)).withQueryParam("q", equalTo("stocks")).withQueryParam("cursor", equalTo("25")));
    }

    @Test
    void deduplicatesAcrossARestartThroughPostgres() throws Exception {
        stubStocksTwoPages();
        assertThat(poller.pollOnce()).isEqualTo(3);
        assertThat(seen.count(PostNormalizer.BLUESKY).await().indefinitely()).isEqualTo(3);
        // A restarted process has nothing in memory: a fresh delivery over a fresh repository still skips them.
        PostDelivery restarted = new PostDelivery(new SeenPostsRepository(pool), publisher, Optional.empty());
        PostNormalizer normalizer = new PostNormalizer(Scorers.finance());
        JsonNode page = new ObjectMapper().readTree(Fixtures.read("bluesky_app_bsky_feed_searchPosts.json"));
        List<Normalized> items = new ArrayList<>();
        page.get("posts").forEach(p -> items.add(normalizer.bluesky(p, new Keyword("stocks", null))));
        PostDelivery.Delivered d = restarted.deliver(PostNormalizer.BLUESKY, Mode.LIVE, "stocks", items);
        assertThat(d.published()).isZero();
        assertThat(d.duplicates()).isEqualTo(2);
        Long uris = pool.preparedQuery("SELECT count(*) FROM social_seen WHERE platform = 'bluesky' AND uri LIKE 'at://%'").execute()
                .await().indefinitely().iterator().next().getLong(0);
        assertThat(uris).isEqualTo(3);
    }

    @Test
    void anExpiredTokenRefreshesTheSessionAndTheSearchIsSentAgain() {
        poller.search(new Keyword("inflation", null));
        wireMock.resetRequests();
        String s = "expiry";
        wireMock.stubFor(get(urlPathEqualTo(SEARCH)).withQueryParam("q", equalTo("stocks")).inScenario(s).whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                        .withBody(Fixtures.read("bluesky_error_expired_token.json"))).willSetStateTo("renewed"));
        wireMock.stubFor(get(urlPathEqualTo(SEARCH)).withQueryParam("q", equalTo("stocks")).inScenario(s).whenScenarioStateIs("renewed")
                .willReturn(okJson(Fixtures.read("bluesky_app_bsky_feed_searchPosts.json"))));
        assertThat(poller.search(new Keyword("stocks", null))).isEqualTo(2);
        // Refreshed with the refresh token; no new login (createSession has a tight per-account limit).
        wireMock.verify(1, postRequestedFor(urlPathEqualTo(SocialWireMockResource.REFRESH)));
        wireMock.verify(0, postRequestedFor(urlPathEqualTo(SocialWireMockResource.CREATE)));
        // The expired one and its retry (then the fixture's cursor is followed once).
        wireMock.verify(2, getRequestedFor(urlPathEqualTo(SEARCH)).withQueryParam("q", equalTo("stocks")).withQueryParam("cursor", absent()));
        assertThat(RestAssured.get("/q/metrics").asString()).contains("marketflow_bluesky_sessions_total{event=\"expired\"}");
    }

    @Test
    void aCompanyAddedToCompaniesInfoIsSearchedWithoutARestartAndCarriesItsTicker() {
        assertThat(poller.keywords()).extracting(Keyword::text).doesNotContain("Zedtest Corp");
        pool.preparedQuery("INSERT INTO companies_info (ticker_id, ticker, company_name, related_words, is_active, avg_simulated_price) "
                + "VALUES ($1, 'ZZTS', 'Zedtest Corp', 'Zedtest', TRUE, 10)").execute(Tuple.of(9901)).await().indefinitely();
        companies.refresh().await().indefinitely();
        assertThat(poller.keywords()).contains(new Keyword("ZZTS", "ZZTS"), new Keyword("Zedtest Corp", "ZZTS"), new Keyword("Zedtest", "ZZTS"));
        wireMock.stubFor(get(urlPathEqualTo(SEARCH)).withQueryParam("q", equalTo("Zedtest Corp"))
                .willReturn(okJson(page("bafyreizedtest", "Zedtest Corp shares soared after record profit."))));
        try (TopicReader reader = new TopicReader(bootstrap, Topics.BLUESKY)) {
            assertThat(poller.pollOnce()).isEqualTo(1);
            List<ConsumerRecord<String, byte[]>> records = reader.readUntil(Duration.ofSeconds(20), r -> !r.isEmpty());
            assertThat(records).hasSize(1);
            assertThat(records.get(0).key()).isEqualTo("Zedtest Corp");
            SocialPost post = ContractJson.fromBytes(records.get(0).value(), SocialPost.class);
            assertThat(post.ticker()).isEqualTo("ZZTS");
            assertThat(post.sentiment()).isGreaterThan(0.3);
        }
        pool.preparedQuery("UPDATE companies_info SET is_active = FALSE WHERE ticker = 'ZZTS'").execute().await().indefinitely();
        companies.refresh().await().indefinitely();
        wireMock.resetRequests();
        poller.pollOnce();
        wireMock.verify(0, getRequestedFor(urlPathEqualTo(SEARCH)).withQueryParam("q", equalTo("Zedtest Corp")));
    }

    @Test
    void retriesThrough429And5xxAndABodyThatIsNotJson() {
        String s = "flaky";
        var q = equalTo("inflation");
        wireMock.stubFor(get(urlPathEqualTo(SEARCH)).withQueryParam("q", q).inScenario(s).whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "0").withBody("{\"error\":\"RateLimitExceeded\"}"))
                .willSetStateTo("503"));
        wireMock.stubFor(get(urlPathEqualTo(SEARCH)).withQueryParam("q", q).inScenario(s).whenScenarioStateIs("503")
                .willReturn(aResponse().withStatus(503).withBody("<html>Service Unavailable</html>")).willSetStateTo("html"));
        wireMock.stubFor(get(urlPathEqualTo(SEARCH)).withQueryParam("q", q).inScenario(s).whenScenarioStateIs("html")
                .willReturn(aResponse().withStatus(200).withBody("<html>maintenance</html>")).willSetStateTo("ok"));
        wireMock.stubFor(get(urlPathEqualTo(SEARCH)).withQueryParam("q", q).inScenario(s).whenScenarioStateIs("ok")
                .willReturn(okJson(Fixtures.read("bluesky_app_bsky_feed_searchPosts.json"))));
        assertThat(poller.search(new Keyword("inflation", null))).isEqualTo(2);
        wireMock.verify(4, getRequestedFor(urlPathEqualTo(SEARCH)).withQueryParam("q", q).withQueryParam("cursor", absent()));
        assertThat(RestAssured.get("/q/metrics").asString())
                .contains("marketflow_provider_requests_total{outcome=\"rate_limited\",source=\"bluesky\"}")
                .contains("marketflow_provider_requests_total{outcome=\"server_error\",source=\"bluesky\"}")
                .contains("marketflow_provider_requests_total{outcome=\"not_json\",source=\"bluesky\"}");
    }

    @Test
    void a429sRatelimitResetIsWaitedForUpToMaxBackoff() {
        // Bluesky's ratelimit-reset (epoch seconds) lies seconds ahead, capped by the test's max-backoff (200 ms); the
        // jittered backoff alone would be at most 10 ms.
        String s = "reset";
        var q = equalTo("inflation");
        long reset = java.time.Instant.now().plusSeconds(30).getEpochSecond();
        wireMock.stubFor(get(urlPathEqualTo(SEARCH)).withQueryParam("q", q).inScenario(s).whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("ratelimit-reset", Long.toString(reset))
                        .withBody("{\"error\":\"RateLimitExceeded\",\"message\":\"Rate Limit Exceeded\"}")).willSetStateTo("ok"));
        wireMock.stubFor(get(urlPathEqualTo(SEARCH)).withQueryParam("q", q).inScenario(s).whenScenarioStateIs("ok")
                .willReturn(okJson(Fixtures.read("bluesky_app_bsky_feed_searchPosts.json"))));
        assertThat(poller.search(new Keyword("inflation", null))).isEqualTo(2);
        var requests = wireMock.findAll(getRequestedFor(urlPathEqualTo(SEARCH)).withQueryParam("q", q).withQueryParam("cursor", absent()));
        assertThat(requests).hasSize(2);
        assertThat(requests.get(1).getLoggedDate().getTime() - requests.get(0).getLoggedDate().getTime()).isGreaterThanOrEqualTo(200);
    }

    @Test
    void aMalformedPostGoesToTheDeadLetterTopicWithItsReasonAndTheRestIsPublished() {
        wireMock.stubFor(get(urlPathEqualTo(SEARCH)).withQueryParam("q", equalTo("inflation")).willReturn(okJson(
                "{\"posts\":[{\"uri\":\"at://did:plc:bad/app.bsky.feed.post/1\",\"record\":{\"text\":\"no cid here\",\"createdAt\":\"2025-11-20T14:00:00Z\"}},"
                        + page("bafyreigood", "Inflation eased.").substring("{\"posts\":[".length()))));
        try (TopicReader dlq = new TopicReader(bootstrap, Topics.deadLetter(Topics.BLUESKY))) {
            assertThat(poller.search(new Keyword("inflation", null))).isEqualTo(1);
            List<ConsumerRecord<String, byte[]>> records = dlq.readUntil(Duration.ofSeconds(20), r -> !r.isEmpty());
            assertThat(records).hasSize(1);
            assertThat(records.get(0).key()).isEqualTo("inflation");
            assertThat(new String(records.get(0).headers().lastHeader(SocialPublisher.REASON_HEADER).value(), StandardCharsets.UTF_8))
                    .isEqualTo("missing cid");
            assertThat(new String(records.get(0).value(), StandardCharsets.UTF_8)).contains("no cid here");
        }
    }

    @Test
    void aKeywordThatKeepsFailingIsReportedInReadinessAndTheCycleGoesOn() {
        wireMock.stubFor(get(urlPathEqualTo(SEARCH)).withQueryParam("q", equalTo("stocks")).willReturn(aResponse().withStatus(500)));
        wireMock.stubFor(get(urlPathEqualTo(SEARCH)).withQueryParam("q", equalTo("inflation"))
                .willReturn(okJson(Fixtures.read("bluesky_app_bsky_feed_searchPosts.json"))));
        assertThat(poller.pollOnce()).isEqualTo(2);
        assertThat(poller.status().lastError()).contains("stocks").contains("gave up after 5 attempts");
        wireMock.verify(5, getRequestedFor(urlPathEqualTo(SEARCH)).withQueryParam("q", equalTo("stocks")));
        RestAssured.get("/q/health/ready").then().body(org.hamcrest.Matchers.containsString("bluesky.last-error"));
    }

    private static String accessJwt() {
        try {
            return new ObjectMapper().readTree(Fixtures.read("bluesky_com_atproto_server_createSession_long_lived.json")).get("accessJwt").asText();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aGeneralKeywordPostNamingACompanyCarriesItsTickerAndTheOthersStayGeneral() {
        // AAPL and NVDA are in the seeded companies_info.
        wireMock.stubFor(get(urlPathEqualTo(SEARCH)).withQueryParam("q", equalTo("stocks")).willReturn(okJson("{\"posts\":["
                + post("bafyreimentioncash", "$NVDA ripping while the rest of the stocks stall") + ","
                + post("bafyreimentionname", "Apple dragged the index lower, stocks mixed") + ","
                + post("bafyreimentionnone", "Stocks closed flat ahead of the jobs report") + "]}")));
        try (TopicReader reader = new TopicReader(bootstrap, Topics.BLUESKY)) {
            assertThat(poller.search(new Keyword("stocks", null))).isEqualTo(3);
            List<ConsumerRecord<String, byte[]>> records = reader.readUntil(Duration.ofSeconds(20), r -> r.size() >= 3);
            assertThat(records).hasSize(3);
            Map<String, SocialPost> byId = new HashMap<>();
            Map<String, String> scope = new HashMap<>();
            for (ConsumerRecord<String, byte[]> r : records) {
                SocialPost p = ContractJson.fromBytes(r.value(), SocialPost.class);
                byId.put(p.id(), p);
                scope.put(p.id(), new String(r.headers().lastHeader(SocialPublisher.SCOPE_HEADER).value(), StandardCharsets.UTF_8));
                assertThat(r.key()).isEqualTo("stocks");
            }
            assertThat(byId.get("bafyreimentioncash").ticker()).isEqualTo("NVDA");
            assertThat(byId.get("bafyreimentionname").ticker()).isEqualTo("AAPL");
            assertThat(byId.get("bafyreimentionnone").ticker()).isNull();
            assertThat(scope).containsEntry("bafyreimentioncash", "company").containsEntry("bafyreimentionname", "company")
                    .containsEntry("bafyreimentionnone", "general");
        }
        String stored = pool.preparedQuery("SELECT ticker FROM social_seen WHERE platform = 'bluesky' AND post_id = 'bafyreimentioncash'")
                .execute().await().indefinitely().iterator().next().getString(0);
        assertThat(stored).isEqualTo("NVDA");
    }

    /** One postView in searchPosts' shape. */
    private static String post(String cid, String text) {
        String page = page(cid, text);
        return page.substring("{\"posts\":[".length(), page.length() - 2);
    }

    @Test
    void aStopEndsTheCycleInProgressAtTheNextKeywordAndNoCycleStartsAfterIt() {
        // Its own poller, so the application's stays usable for the other tests, with the pause between keywords an
        // hour long: only a stop that cuts it short lets the cycle end.
        BlueskyPoller own = new BlueskyPoller(withKeywordDelay(config, Duration.ofHours(1)), companies, migrator, delivery, normalizer, clock, registry);
        assertThat(own.keywords().size()).isGreaterThan(2);
        if (STOP_ON_SEARCH.get() == null && !LISTENER_ADDED) {
            wireMock.addMockServiceRequestListener((request, response) -> {
                BlueskyPoller p = STOP_ON_SEARCH.get();
                if (p != null && request.getUrl().startsWith(SEARCH)) {
                    p.stop(); // what the ShutdownEvent observer does
                }
            });
            LISTENER_ADDED = true;
        }
        STOP_ON_SEARCH.set(own);
        try {
            Thread worker = new Thread(own::pollOnce, "bluesky-stop-test");
            worker.start();
            // The first keyword is searched, the stop arrives meanwhile: the loop exits instead of going on.
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !worker.isAlive());
        } finally {
            STOP_ON_SEARCH.set(null);
        }
        assertThat(own.stopping()).isTrue();
        wireMock.verify(1, getRequestedFor(urlPathEqualTo(SEARCH)));
        wireMock.verify(1, getRequestedFor(urlPathEqualTo(SEARCH)).withQueryParam("q", equalTo(own.keywords().get(0).text())));
        assertThat(own.pollOnce()).isZero();
        wireMock.verify(1, getRequestedFor(urlPathEqualTo(SEARCH)));
    }

    private static volatile boolean LISTENER_ADDED;

    /** The application's config with another Bluesky keyword delay. */
    private static io.marketflow.ingest.social.config.SocialConfig withKeywordDelay(io.marketflow.ingest.social.config.SocialConfig real,
            Duration delay) {
        io.marketflow.ingest.social.config.SocialConfig.Bluesky bluesky = real.bluesky();
        io.marketflow.ingest.social.config.SocialConfig.Bluesky slow = delegate(io.marketflow.ingest.social.config.SocialConfig.Bluesky.class,
                bluesky, "keywordDelay", delay);
        return delegate(io.marketflow.ingest.social.config.SocialConfig.class, real, "bluesky", slow);
    }

    private static <T> T delegate(Class<T> type, T real, String overridden, Object value) {
        return type.cast(java.lang.reflect.Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type }, (proxy, method, args) -> {
            if (method.getName().equals(overridden) && method.getParameterCount() == 0) {
                return value;
            }
            try {
                return method.invoke(real, args);
            } catch (java.lang.reflect.InvocationTargetException e) {
                throw e.getCause();
            }
        }));
    }
}
