package io.marketflow.ingest.social.client;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;

import io.marketflow.ingest.social.config.SocialConfig;
import io.marketflow.ingest.social.config.SocialConfig.Mode;
import io.marketflow.localstack.LocalStackResource;
import io.marketflow.provider.ProviderCalls;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The Bluesky session over real HTTP with the original fixture (its access token expires 2025-11-20T22:20Z) and a
 * clock the test moves: created once, refreshed when due or when a request meets {@code ExpiredToken}, created again
 * only when the refresh is refused.
 */
@QuarkusTest
@WithTestResource(LocalStackResource.class)
@WithTestResource(SocialWireMockResource.class)
class BlueskySessionTest {

    @Inject
    SocialConfig config;

    private static final Instant ISSUED = Instant.ofEpochSecond(1763670000L);

    private WireMockServer server;
    private MovableClock clock;
    private BlueskyClient client;
    private String refreshJwt;

    /** A clock the test sets. */
    static final class MovableClock extends Clock {
        volatile Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @BeforeEach
    void start() throws Exception {
        server = new WireMockServer(options().dynamicPort());
        server.start();
        String session = Fixtures.read("bluesky_com_atproto_server_createSession.json");
        refreshJwt = new ObjectMapper().readTree(session).get("refreshJwt").asText();
        server.stubFor(post(urlPathEqualTo(SocialWireMockResource.CREATE)).willReturn(okJson(session)));
        server.stubFor(post(urlPathEqualTo(SocialWireMockResource.REFRESH)).willReturn(okJson(session)));
        server.stubFor(get(urlPathEqualTo(SocialWireMockResource.SEARCH)).willReturn(okJson("{\"posts\":[]}")));
        SocialConfig.Retry retry = config.bluesky().retry();
        clock = new MovableClock(ISSUED.plusSeconds(60));
        client = new BlueskyClient(RestClients.build(BlueskyRestClient.class, Mode.LIVE, server.baseUrl(), "bluesky"),
                new ProviderCalls("bluesky-session-test", 6000, retry.policy(), new SimpleMeterRegistry()), "marketbot.bsky.social", "pw",
                Duration.ofMinutes(15), Duration.ofMinutes(5), clock, new SimpleMeterRegistry());
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void refreshesWhenTheRefreshIntervalIsDueWithTheRefreshToken() {
        client.search("stocks", 25, null);
        server.verify(1, postRequestedFor(urlPathEqualTo(SocialWireMockResource.CREATE)));
        assertThat(client.refreshDue()).isEqualTo(ISSUED.plusSeconds(60).plus(Duration.ofMinutes(15)));
        clock.now = ISSUED.plus(Duration.ofMinutes(10));
        client.search("stocks", 25, null);
        server.verify(0, postRequestedFor(urlPathEqualTo(SocialWireMockResource.REFRESH)));
        clock.now = ISSUED.plus(Duration.ofMinutes(17));
        client.search("stocks", 25, null);
        server.verify(1, postRequestedFor(urlPathEqualTo(SocialWireMockResource.REFRESH)).withHeader("Authorization", equalTo("Bearer " + refreshJwt)));
        server.verify(1, postRequestedFor(urlPathEqualTo(SocialWireMockResource.CREATE)));
    }

    @Test
    void refreshesBeforeTheAccessTokenExpiresEvenWhenTheIntervalIsLonger() {
        clock.now = Instant.ofEpochSecond(1763677200L).minus(Duration.ofMinutes(10));
        client.search("stocks", 25, null);
        // exp - 5 min comes before now + 15 min.
        assertThat(client.refreshDue()).isEqualTo(Instant.ofEpochSecond(1763677200L).minus(Duration.ofMinutes(5)));
        clock.now = Instant.ofEpochSecond(1763677200L).minus(Duration.ofMinutes(4));
        client.search("stocks", 25, null);
        server.verify(1, postRequestedFor(urlPathEqualTo(SocialWireMockResource.REFRESH)));
    }

    @Test
    void aRefusedRefreshCreatesANewSession() {
        client.search("stocks", 25, null);
        server.stubFor(post(urlPathEqualTo(SocialWireMockResource.REFRESH)).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json").withBody(Fixtures.read("bluesky_error_expired_token.json"))));
        clock.now = ISSUED.plus(Duration.ofMinutes(30));
        client.search("stocks", 25, null);
        server.verify(1, postRequestedFor(urlPathEqualTo(SocialWireMockResource.REFRESH)));
        server.verify(2, postRequestedFor(urlPathEqualTo(SocialWireMockResource.CREATE)));
    }

    /** The next search answers ExpiredToken once (the issue's fixture), then the fixture's empty page. */
    private void searchExpiresOnce() {
        server.stubFor(get(urlPathEqualTo(SocialWireMockResource.SEARCH)).inScenario("expiry").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                        .withBody(Fixtures.read("bluesky_error_expired_token.json"))).willSetStateTo("renewed"));
        server.stubFor(get(urlPathEqualTo(SocialWireMockResource.SEARCH)).inScenario("expiry").whenScenarioStateIs("renewed")
                .willReturn(okJson("{\"posts\":[]}")));
    }

    @Test
    void anExpiredAccessTokenIsRefreshedWithTheRefreshTokenNotLoggedInAgain() throws Exception {
        client.search("stocks", 25, null);
        String refreshed = Fixtures.read("bluesky_com_atproto_server_refreshSession.json");
        server.stubFor(post(urlPathEqualTo(SocialWireMockResource.REFRESH)).willReturn(okJson(refreshed)));
        searchExpiresOnce();
        // Well before the refresh is due: the server revoked or expired the access token early.
        clock.now = ISSUED.plus(Duration.ofMinutes(2));
        client.search("stocks", 25, null);
        server.verify(1, postRequestedFor(urlPathEqualTo(SocialWireMockResource.REFRESH)).withHeader("Authorization", equalTo("Bearer " + refreshJwt)));
        server.verify(1, postRequestedFor(urlPathEqualTo(SocialWireMockResource.CREATE)));
        String newAccess = new ObjectMapper().readTree(refreshed).get("accessJwt").asText();
        server.verify(1, getRequestedFor(urlPathEqualTo(SocialWireMockResource.SEARCH)).withHeader("Authorization", equalTo("Bearer " + newAccess)));
        // The refreshed pair is adopted: its next refresh is one interval from now (its exp is later).
        assertThat(client.refreshDue()).isEqualTo(ISSUED.plus(Duration.ofMinutes(2)).plus(Duration.ofMinutes(15)));
    }

    @Test
    void anExpiredAccessTokenWhoseRefreshIsRefusedTooLogsInAgain() {
        client.search("stocks", 25, null);
        server.stubFor(post(urlPathEqualTo(SocialWireMockResource.REFRESH)).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json").withBody(Fixtures.read("bluesky_error_expired_token.json"))));
        searchExpiresOnce();
        clock.now = ISSUED.plus(Duration.ofMinutes(2));
        client.search("stocks", 25, null);
        server.verify(1, postRequestedFor(urlPathEqualTo(SocialWireMockResource.REFRESH)));
        server.verify(2, postRequestedFor(urlPathEqualTo(SocialWireMockResource.CREATE)));
        server.verify(3, getRequestedFor(urlPathEqualTo(SocialWireMockResource.SEARCH)));
    }
}
