package io.marketflow.ingest.news.messaging;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;

import io.marketflow.contract.ContractJson;
import io.marketflow.contract.NewsArticle;
import io.marketflow.contract.Topics;
import io.marketflow.ingest.news.client.Fixtures;
import io.marketflow.ingest.news.client.InjectWireMock;
import io.marketflow.ingest.news.client.NewsWireMockResource;
import io.marketflow.ingest.news.config.NewsConfig.Mode;
import io.marketflow.ingest.news.domain.ArticleNormalizer;
import io.marketflow.ingest.news.repository.SeenArticlesRepository;
import io.marketflow.localstack.LocalStackResource;
import io.marketflow.registry.CompanyRegistry;
import io.marketflow.sentiment.Scorers;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.vertx.mutiny.sqlclient.Pool;

/** Finnhub through real HTTP (WireMock fixtures), real Kafka and real PostgreSQL. */
@QuarkusTest
@WithTestResource(LocalStackResource.class)
@WithTestResource(NewsWireMockResource.class)
class FinnhubPollerTest {

    @InjectWireMock
    WireMockServer wireMock;

    @Inject
    FinnhubPoller poller;

    @Inject
    SeenArticlesRepository seen;

    @Inject
    NewsPublisher publisher;

    @Inject
    CompanyRegistry companies;

    @Inject
    Pool pool;

    @Inject
    io.marketflow.ingest.news.config.NewsConfig config;

    @Inject
    io.marketflow.registry.SchemaMigrator migrator;

    @Inject
    io.marketflow.registry.CompanyRepository companyRepository;

    @Inject
    ArticleDelivery delivery;

    @Inject
    ArticleNormalizer normalizer;

    @Inject
    java.time.Clock clock;

    @Inject
    io.micrometer.core.instrument.MeterRegistry registry;

    /** The poller a request listener stops (null: none); the listener stays on the shared server, so it is armed per test. */
    private static final java.util.concurrent.atomic.AtomicReference<FinnhubPoller> STOP_ON_REQUEST = new java.util.concurrent.atomic.AtomicReference<>();
    private static volatile boolean listenerAdded;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @BeforeEach
    void cleanState() {
        NewsWireMockResource.reset(wireMock);
        seen.forget(ArticleNormalizer.FINNHUB).await().indefinitely();
        companies.refresh().await().indefinitely();
        wireMock.stubFor(get(urlPathEqualTo("/api/v1/company-news")).withQueryParam("symbol", equalTo("AAPL"))
                .willReturn(okJson(Fixtures.read("finnhub_company_news.json"))));
    }

    @Test
    void publishesEveryTickersArticlesScoredAndKeyedByTicker() {
        try (TopicReader reader = new TopicReader(bootstrap, Topics.FINNHUB)) {
            assertThat(poller.pollOnce()).isEqualTo(2);
            List<ConsumerRecord<String, byte[]>> records = reader.readUntil(Duration.ofSeconds(20), r -> r.size() >= 2);
            assertThat(records).hasSize(2).allSatisfy(r -> {
                assertThat(r.key()).isEqualTo("AAPL");
                assertThat(new String(r.headers().lastHeader(NewsPublisher.MODE_HEADER).value(), StandardCharsets.UTF_8)).isEqualTo("live");
            });
            NewsArticle first = ContractJson.fromBytes(records.get(0).value(), NewsArticle.class);
            assertThat(first.id()).isEqualTo("137204412");
            assertThat(first.provider()).isEqualTo("finnhub");
            assertThat(first.scorer()).isEqualTo(Scorers.FINANCE_ID);
            // "shares rise after upbeat iPhone demand outlook": positive by any reading.
            assertThat(first.sentiment()).isGreaterThan(0.3);
        }
        // Every active ticker was asked (the shared test database may hold more companies than the seed), each with the key.
        var requests = wireMock.findAll(getRequestedFor(urlPathEqualTo("/api/v1/company-news")));
        assertThat(requests).hasSizeGreaterThanOrEqualTo(30)
                .allSatisfy(r -> assertThat(r.queryParameter("token").firstValue()).isEqualTo(NewsWireMockResource.FINNHUB_KEY));
        assertThat(requests).extracting(r -> r.queryParameter("symbol").firstValue()).doesNotHaveDuplicates().contains("AAPL", "MSFT");
    }

    @Test
    void deduplicatesAcrossPollsAndAcrossARestartThroughPostgres() throws IOException {
        assertThat(poller.pollOnce()).isEqualTo(2);
        assertThat(poller.pollOnce()).isZero();
        assertThat(seen.count(ArticleNormalizer.FINNHUB).await().indefinitely()).isEqualTo(2);
        // A restarted process has nothing in memory: a fresh delivery over a fresh repository still skips both.
        ArticleDelivery restarted = new ArticleDelivery(new SeenArticlesRepository(pool), publisher, java.util.Optional.empty());
        ArticleNormalizer normalizer = new ArticleNormalizer(Scorers.finance());
        var items = new com.fasterxml.jackson.databind.ObjectMapper().readTree(Fixtures.read("finnhub_company_news.json").getBytes(StandardCharsets.UTF_8));
        List<io.marketflow.ingest.news.domain.Normalized> normalized = new java.util.ArrayList<>();
        items.forEach(item -> normalized.add(normalizer.finnhub(item, "AAPL")));
        assertThat(restarted.deliver(ArticleNormalizer.FINNHUB, Mode.LIVE, "AAPL", normalized)).isZero();
    }

    @Test
    void malformedItemGoesToTheDeadLetterTopicWithItsReason() {
        wireMock.stubFor(get(urlPathEqualTo("/api/v1/company-news")).withQueryParam("symbol", equalTo("MSFT"))
                .willReturn(okJson("[{\"category\":\"company\",\"datetime\":1763648100,\"headline\":\"No id here\",\"related\":\"MSFT\"}]")));
        try (TopicReader dlq = new TopicReader(bootstrap, Topics.deadLetter(Topics.FINNHUB))) {
            poller.pollOnce();
            List<ConsumerRecord<String, byte[]>> records = dlq.readUntil(Duration.ofSeconds(20), r -> !r.isEmpty());
            assertThat(records).hasSize(1);
            assertThat(records.get(0).key()).isEqualTo("MSFT");
            assertThat(new String(records.get(0).headers().lastHeader(NewsPublisher.REASON_HEADER).value(), StandardCharsets.UTF_8))
                    .isEqualTo("missing or non-numeric id");
            assertThat(new String(records.get(0).value(), StandardCharsets.UTF_8)).contains("No id here");
        }
    }

    @Test
    void retriesThrough429And5xxAndABodyThatIsNotJson() {
        String s = "nvda-flaky";
        var path = urlPathEqualTo("/api/v1/company-news");
        wireMock.stubFor(get(path).withQueryParam("symbol", equalTo("NVDA")).inScenario(s).whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "0").withBody(Fixtures.read("finnhub_error_rate_limit.json")))
                .willSetStateTo("503"));
        wireMock.stubFor(get(path).withQueryParam("symbol", equalTo("NVDA")).inScenario(s).whenScenarioStateIs("503")
                .willReturn(aResponse().withStatus(503).withBody("<html>Service Unavailable</html>")).willSetStateTo("html"));
        wireMock.stubFor(get(path).withQueryParam("symbol", equalTo("NVDA")).inScenario(s).whenScenarioStateIs("html")
                .willReturn(aResponse().withStatus(200).withBody("<html>maintenance</html>")).willSetStateTo("ok"));
        wireMock.stubFor(get(path).withQueryParam("symbol", equalTo("NVDA")).inScenario(s).whenScenarioStateIs("ok")
                .willReturn(okJson("[{\"category\":\"company\",\"datetime\":1763648100,\"headline\":\"Nvidia beats estimates\",\"id\":99,"
                        + "\"related\":\"NVDA\",\"source\":\"X\",\"summary\":\"\",\"url\":\"u\",\"image\":\"\"}]")));
        assertThat(poller.pollOnce()).isEqualTo(3);
        wireMock.verify(4, getRequestedFor(path).withQueryParam("symbol", equalTo("NVDA")));
        String metrics = RestAssured.get("/q/metrics").asString();
        assertThat(metrics).contains("marketflow_provider_requests_total{outcome=\"rate_limited\",source=\"finnhub\"}")
                .contains("marketflow_provider_requests_total{outcome=\"server_error\",source=\"finnhub\"}")
                .contains("marketflow_provider_requests_total{outcome=\"not_json\",source=\"finnhub\"}");
        wireMock.resetScenarios();
    }

    @Test
    void aTickerThatKeepsFailingIsReportedAndSkippedWithoutStoppingTheCycle() {
        wireMock.stubFor(get(urlPathEqualTo("/api/v1/company-news")).withQueryParam("symbol", equalTo("TSLA"))
                .willReturn(aResponse().withStatus(500)));
        assertThat(poller.pollOnce()).isEqualTo(2);
        assertThat(poller.status().lastError()).contains("TSLA").contains("gave up after 5 attempts");
        wireMock.verify(5, getRequestedFor(urlPathEqualTo("/api/v1/company-news")).withQueryParam("symbol", equalTo("TSLA")));
        RestAssured.get("/q/health/ready").then().body(org.hamcrest.Matchers.containsString("finnhub.last-error"));
    }

    @Test
    void a429sRetryAfterHoldsBackEveryFinnhubRequestUpToMaxBackoff() {
        // Retry-After: 1 s, capped by the test's max-backoff (200 ms); the jittered backoff alone would be at most 10 ms.
        String s = "nvda-retry-after";
        var path = urlPathEqualTo("/api/v1/company-news");
        wireMock.stubFor(get(path).withQueryParam("symbol", equalTo("NVDA")).inScenario(s).whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1").withBody(Fixtures.read("finnhub_error_rate_limit.json")))
                .willSetStateTo("ok"));
        wireMock.stubFor(get(path).withQueryParam("symbol", equalTo("NVDA")).inScenario(s).whenScenarioStateIs("ok").willReturn(okJson("[]")));
        poller.pollOnce();
        List<com.github.tomakehurst.wiremock.verification.LoggedRequest> requests = wireMock.findAll(getRequestedFor(path));
        int limited = java.util.stream.IntStream.range(0, requests.size())
                .filter(i -> "NVDA".equals(requests.get(i).queryParameter("symbol").firstValue())).findFirst().orElseThrow();
        long at = requests.get(limited).getLoggedDate().getTime();
        List<com.github.tomakehurst.wiremock.verification.LoggedRequest> later = requests.subList(limited + 1, requests.size());
        // The retry and every later ticker's request waited: the pause is the provider's, not the ticker's.
        assertThat(later).isNotEmpty().anySatisfy(r -> assertThat(r.queryParameter("symbol").firstValue()).isEqualTo("NVDA"))
                .allSatisfy(r -> assertThat(r.getLoggedDate().getTime() - at).isGreaterThanOrEqualTo(200));
        wireMock.resetScenarios();
    }

    @Test
    void firstTickStartsACycleAsSoonAsTheCompaniesAreLoadedAndTheNextWaitsForThePollInterval() {
        // Its own pollers, so the pace of the application's is not spent for the other tests.
        CompanyRegistry notLoaded = new CompanyRegistry(companyRepository, migrator);
        assertThat(new FinnhubPoller(config, notLoaded, migrator, delivery, normalizer, clock, registry).tick()).isFalse();
        wireMock.verify(0, getRequestedFor(urlPathEqualTo("/api/v1/company-news")));

        FinnhubPoller own = new FinnhubPoller(config, companies, migrator, delivery, normalizer, clock, registry);
        assertThat(own.tick()).isTrue();
        int requests = wireMock.findAll(getRequestedFor(urlPathEqualTo("/api/v1/company-news"))).size();
        assertThat(requests).isPositive();
        assertThat(own.tick()).isFalse();
        wireMock.verify(requests, getRequestedFor(urlPathEqualTo("/api/v1/company-news")));
    }

    @Test
    void aStopEndsThePollInProgressBeforeItsNextTickerAndNoPollStartsAfterIt() {
        // Its own poller, so the application's stays usable for the other tests.
        FinnhubPoller own = new FinnhubPoller(config, companies, migrator, delivery, normalizer, clock, registry);
        assertThat(companies.active().size()).isGreaterThan(2);
        if (!listenerAdded) {
            // Listeners run before the response is written, so the stop lands while the first request is in flight.
            wireMock.addMockServiceRequestListener((request, response) -> {
                FinnhubPoller p = STOP_ON_REQUEST.get();
                if (p != null && request.getUrl().startsWith("/api/v1/company-news")) {
                    p.stop(); // what the ShutdownEvent observer does
                }
            });
            listenerAdded = true;
        }
        STOP_ON_REQUEST.set(own);
        try {
            own.pollOnce();
        } finally {
            STOP_ON_REQUEST.set(null);
        }
        wireMock.verify(1, getRequestedFor(urlPathEqualTo("/api/v1/company-news")));
        assertThat(own.pollOnce()).isZero();
        wireMock.verify(1, getRequestedFor(urlPathEqualTo("/api/v1/company-news")));
    }
}
