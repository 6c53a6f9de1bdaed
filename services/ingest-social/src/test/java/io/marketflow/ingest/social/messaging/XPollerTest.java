package io.marketflow.ingest.social.messaging;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.marketflow.contract.ContractJson;
import io.marketflow.contract.SocialPost;
import io.marketflow.contract.Topics;
import io.marketflow.ingest.social.client.Fixtures;
import io.marketflow.ingest.social.client.InjectWireMock;
import io.marketflow.ingest.social.client.SocialWireMockResource;
import io.marketflow.ingest.social.domain.PostNormalizer;
import io.marketflow.ingest.social.repository.SeenPostsRepository;
import io.marketflow.localstack.LocalStackResource;
import io.marketflow.registry.CompanyRegistry;
import io.marketflow.registry.SchemaMigrator;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** X recent search through real HTTP (WireMock fixtures), real Kafka and real PostgreSQL; 429 with its reset header. */
@QuarkusTest
@WithTestResource(LocalStackResource.class)
@WithTestResource(SocialWireMockResource.class)
class XPollerTest {

    @InjectWireMock
    WireMockServer wireMock;

    @Inject
    XPoller poller;

    @Inject
    SeenPostsRepository seen;

    @Inject
    CompanyRegistry companies;

    @Inject
    SchemaMigrator migrator;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    io.marketflow.ingest.social.config.SocialConfig config;

    @Inject
    io.marketflow.registry.CompanyRepository companyRepository;

    @Inject
    PostDelivery delivery;

    @Inject
    PostNormalizer normalizer;

    @Inject
    java.time.Clock clock;

    @Inject
    io.micrometer.core.instrument.MeterRegistry registry;

    @BeforeEach
    void cleanState() {
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(migrator::migrated);
        wireMock.resetAll();
        SocialWireMockResource.stubDefaults(wireMock);
        seen.forget(PostNormalizer.X).await().indefinitely();
        companies.refresh().await().indefinitely();
        poller.status().pauseUntil(null);
    }

    @Test
    void publishesTweetsToTheirOwnTopicWithTheBearerToken() {
        wireMock.stubFor(get(urlPathEqualTo(SocialWireMockResource.X_SEARCH)).willReturn(okJson(Fixtures.read("twitter_v2_tweets_search_recent.json"))));
        try (TopicReader reader = new TopicReader(bootstrap, Topics.X_POSTS)) {
            assertThat(poller.pollOnce()).isEqualTo(2);
            List<ConsumerRecord<String, byte[]>> records = reader.readUntil(Duration.ofSeconds(20), r -> r.size() >= 2);
            assertThat(records).hasSize(2);
            SocialPost first = ContractJson.fromBytes(records.get(0).value(), SocialPost.class);
            assertThat(first.platform()).isEqualTo("x");
            assertThat(first.author()).isEqualTo("chartdesk");
            assertThat(first.keyword()).isEqualTo(records.get(0).key());
        }
        wireMock.verify(1, getRequestedFor(urlPathEqualTo(SocialWireMockResource.X_SEARCH))
                .withHeader("Authorization", equalTo("Bearer " + SocialWireMockResource.X_TOKEN)).withQueryParam("expansions", equalTo("author_id")));
        // The same tweets found again are not published twice.
        assertThat(poller.pollOnce()).isZero();
    }

    @Test
    void firstTickSearchesAsSoonAsTheCompaniesAreLoadedAndTheNextWaitsForThePollInterval() {
        // Its own pollers, so the pace of the application's is not spent for the other tests.
        wireMock.stubFor(get(urlPathEqualTo(SocialWireMockResource.X_SEARCH)).willReturn(okJson(Fixtures.read("twitter_v2_tweets_search_recent.json"))));
        CompanyRegistry notLoaded = new CompanyRegistry(companyRepository, migrator);
        assertThat(new XPoller(config, notLoaded, migrator, delivery, normalizer, clock, registry).tick()).isFalse();
        wireMock.verify(0, getRequestedFor(urlPathEqualTo(SocialWireMockResource.X_SEARCH)));

        XPoller own = new XPoller(config, companies, migrator, delivery, normalizer, clock, registry);
        assertThat(config.x().pollInterval()).isEqualTo(Duration.ofMinutes(15));
        assertThat(own.tick()).isTrue();
        wireMock.verify(1, getRequestedFor(urlPathEqualTo(SocialWireMockResource.X_SEARCH)));
        assertThat(own.tick()).isFalse();
        wireMock.verify(1, getRequestedFor(urlPathEqualTo(SocialWireMockResource.X_SEARCH)));
    }

    @Test
    void a429PausesXUntilItsResetHeaderAndNoRequestIsSentBefore() {
        Instant reset = Instant.now().plusSeconds(3);
        wireMock.stubFor(get(urlPathEqualTo(SocialWireMockResource.X_SEARCH)).willReturn(aResponse().withStatus(429)
                .withHeader("Content-Type", "application/problem+json").withHeader("x-rate-limit-reset", Long.toString(reset.getEpochSecond()))
                .withBody(Fixtures.read("twitter_v2_error_429.json"))));
        assertThat(poller.pollOnce()).isZero();
        assertThat(poller.status().pausedUntil()).isBetween(reset.minusSeconds(2), reset.plusSeconds(2));
        assertThat(poller.pollOnce()).isZero();
        wireMock.verify(1, getRequestedFor(urlPathEqualTo(SocialWireMockResource.X_SEARCH)));
        wireMock.stubFor(get(urlPathEqualTo(SocialWireMockResource.X_SEARCH)).willReturn(okJson(Fixtures.read("twitter_v2_tweets_search_recent.json"))));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !poller.status().paused(Instant.now()));
        assertThat(poller.pollOnce()).isEqualTo(2);
        wireMock.verify(2, getRequestedFor(urlPathEqualTo(SocialWireMockResource.X_SEARCH)));
    }
}
