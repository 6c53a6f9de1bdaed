package io.marketflow.ingest.news.messaging;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.marketflow.contract.ContractJson;
import io.marketflow.contract.NewsArticle;
import io.marketflow.contract.Topics;
import io.marketflow.ingest.news.client.Fixtures;
import io.marketflow.ingest.news.client.InjectWireMock;
import io.marketflow.ingest.news.client.NewsWireMockResource;
import io.marketflow.ingest.news.domain.ArticleNormalizer;
import io.marketflow.ingest.news.repository.SeenArticlesRepository;
import io.marketflow.localstack.LocalStackResource;
import io.marketflow.registry.CompanyRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** NewsAPI through real HTTP (WireMock fixtures), real Kafka and real PostgreSQL: paging, error bodies, budget. */
@QuarkusTest
@TestProfile(NewsApiPollerTest.OnePerPage.class)
@WithTestResource(LocalStackResource.class)
@WithTestResource(NewsWireMockResource.class)
class NewsApiPollerTest {

    /** Pages of 2 articles (the fixture's size) and up to 3 pages, so that paging is exercised. */
    public static class OnePerPage implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("marketflow.news.newsapi.page-size", "2", "marketflow.news.newsapi.max-pages", "3",
                    "marketflow.news.newsapi.rate-limited-pause", "1h");
        }
    }

    private static final String PATH = "/v2/everything";

    @InjectWireMock
    WireMockServer wireMock;

    @Inject
    NewsApiPoller poller;

    @Inject
    SeenArticlesRepository seen;

    @Inject
    CompanyRegistry companies;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

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

    @BeforeEach
    void cleanState() {
        NewsWireMockResource.reset(wireMock);
        seen.forget(ArticleNormalizer.NEWSAPI).await().indefinitely();
        companies.refresh().await().indefinitely();
        poller.status().pauseUntil(null);
    }

    @Test
    void pagesUntilMaximumResultsReachedAndPublishesScoredArticles() {
        wireMock.stubFor(get(urlPathEqualTo(PATH)).withQueryParam("page", equalTo("1"))
                .willReturn(okJson(Fixtures.read("newsapi_v2_everything.json"))));
        wireMock.stubFor(get(urlPathEqualTo(PATH)).withQueryParam("page", equalTo("2"))
                .willReturn(aResponse().withStatus(426).withHeader("Content-Type", "application/json")
                        .withBody(Fixtures.read("newsapi_error_maximumResultsReached.json"))));
        try (TopicReader reader = new TopicReader(bootstrap, Topics.NEWSAPI)) {
            assertThat(poller.pollOnce()).isEqualTo(2);
            List<ConsumerRecord<String, byte[]>> records = reader.readUntil(Duration.ofSeconds(20), r -> r.size() >= 2);
            assertThat(records).hasSize(2);
            NewsArticle a = ContractJson.fromBytes(records.get(0).value(), NewsArticle.class);
            assertThat(a.provider()).isEqualTo("newsapi");
            assertThat(a.sentiment()).isNotNull();
            assertThat(a.ticker()).isEqualTo(records.get(0).key());
        }
        wireMock.verify(2, getRequestedFor(urlPathEqualTo(PATH)));
        wireMock.verify(0, getRequestedFor(urlPathEqualTo(PATH)).withQueryParam("page", equalTo("3")));
        wireMock.verify(getRequestedFor(urlPathEqualTo(PATH)).withQueryParam("apiKey", equalTo(NewsWireMockResource.NEWSAPI_KEY))
                .withQueryParam("sortBy", equalTo("publishedAt")));
    }

    @Test
    void rateLimitedPausesNewsApiWithoutRetryingAndHealthSaysSo() {
        wireMock.stubFor(get(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(429).withHeader("Content-Type", "application/json")
                .withBody(Fixtures.read("newsapi_error_rateLimited.json"))));
        assertThat(poller.pollOnce()).isZero();
        assertThat(poller.pollOnce()).isZero();
        // One request: a rateLimited body is not retried, and the pause holds the next poll back.
        wireMock.verify(1, getRequestedFor(urlPathEqualTo(PATH)));
        assertThat(poller.status().pausedUntil()).isNotNull();
        io.restassured.RestAssured.get("/q/health/ready").then().body(org.hamcrest.Matchers.containsString("newsapi.paused-until"));
    }

    @Test
    void firstTickSearchesAsSoonAsTheCompaniesAreLoadedAndTheNextWaitsForThePollInterval() {
        // Its own pollers, so the pace of the application's is not spent for the other tests.
        wireMock.stubFor(get(urlPathEqualTo(PATH)).willReturn(okJson(Fixtures.read("newsapi_v2_everything.json"))));
        CompanyRegistry notLoaded = new CompanyRegistry(companyRepository, migrator);
        assertThat(new NewsApiPoller(config, notLoaded, migrator, delivery, normalizer, clock, registry).tick()).isFalse();
        wireMock.verify(0, getRequestedFor(urlPathEqualTo(PATH)));

        NewsApiPoller own = new NewsApiPoller(config, companies, migrator, delivery, normalizer, clock, registry);
        // A 16-minute interval, and the first search is at the first tick that finds the service ready.
        assertThat(config.newsapi().pollInterval()).isEqualTo(Duration.ofMinutes(16));
        assertThat(own.tick()).isTrue();
        int searched = wireMock.findAll(getRequestedFor(urlPathEqualTo(PATH))).size();
        assertThat(searched).isPositive();
        assertThat(own.tick()).isFalse();
        wireMock.verify(searched, getRequestedFor(urlPathEqualTo(PATH)));
    }

    @Test
    void searchesByCompanyNameAndRelatedWords() {
        var meta = companies.active().stream().filter(c -> c.ticker().equals("META")).findFirst().orElseThrow();
        assertThat(NewsApiPoller.query(meta)).isEqualTo("\"Meta\" OR \"Facebook\"");
    }

    @Test
    void noKeyAppearsInTheLogsOfTheRun() throws IOException {
        // Runs after (or besides) the requests above in the same JVM; the log file collects every test class's run.
        wireMock.stubFor(get(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(500)));
        poller.pollOnce();
        Path log = Path.of("target/quarkus-test.log");
        assertThat(log).exists();
        String text = Files.readString(log);
        assertThat(text).contains("newsapi").doesNotContain(NewsWireMockResource.NEWSAPI_KEY)
                .doesNotContain(NewsWireMockResource.FINNHUB_KEY);
    }
}
