package io.marketflow.ingest.social.messaging;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;

import io.marketflow.ingest.social.client.Fixtures;
import io.marketflow.ingest.social.client.InjectWireMock;
import io.marketflow.ingest.social.client.SocialWireMockResource;
import io.marketflow.ingest.social.domain.Keyword;
import io.marketflow.registry.SchemaMigrator;
import io.marketflow.localstack.LocalStackResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** A run through login, an expired session, failures and X, at DEBUG: the captured log holds no password or token. */
@QuarkusTest
@WithTestResource(LocalStackResource.class)
@WithTestResource(SocialWireMockResource.class)
class SecretsNotLoggedTest {

    @InjectWireMock
    WireMockServer wireMock;

    @Inject
    BlueskyPoller bluesky;

    @Inject
    XPoller x;

    @Inject
    SchemaMigrator migrator;

    @Test
    void theLogOfARunContainsNoPasswordOrToken() throws Exception {
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(migrator::migrated);
        wireMock.resetAll();
        SocialWireMockResource.stubDefaults(wireMock);
        String s = "secrets";
        wireMock.stubFor(get(urlPathEqualTo(SocialWireMockResource.SEARCH)).withQueryParam("q", equalTo("stocks")).inScenario(s)
                .whenScenarioStateIs(Scenario.STARTED).willReturn(aResponse().withStatus(400).withBody(Fixtures.read("bluesky_error_expired_token.json")))
                .willSetStateTo("5xx"));
        wireMock.stubFor(get(urlPathEqualTo(SocialWireMockResource.SEARCH)).withQueryParam("q", equalTo("stocks")).inScenario(s)
                .whenScenarioStateIs("5xx").willReturn(aResponse().withStatus(502)).willSetStateTo("ok"));
        wireMock.stubFor(get(urlPathEqualTo(SocialWireMockResource.SEARCH)).withQueryParam("q", equalTo("stocks")).inScenario(s)
                .whenScenarioStateIs("ok").willReturn(okJson(Fixtures.read("bluesky_app_bsky_feed_searchPosts.json"))));
        bluesky.search(new Keyword("stocks", null));
        x.status().pauseUntil(null);
        wireMock.stubFor(get(urlPathEqualTo(SocialWireMockResource.X_SEARCH)).willReturn(aResponse().withStatus(503)));
        x.pollOnce();

        Path log = Path.of("target/quarkus-test.log");
        String text = Files.readString(log, StandardCharsets.UTF_8);
        // The scan must be able to fail: the run's own lines are in the file.
        assertThat(text).contains("bluesky session").contains("MFPC0001: x search/recent");
        ObjectMapper json = new ObjectMapper();
        for (String fixture : new String[] {"bluesky_com_atproto_server_createSession.json", "bluesky_com_atproto_server_createSession_long_lived.json"}) {
            var session = json.readTree(Fixtures.read(fixture));
            assertThat(text).doesNotContain(session.get("accessJwt").asText()).doesNotContain(session.get("refreshJwt").asText());
        }
        assertThat(text).doesNotContain(SocialWireMockResource.PASSWORD).doesNotContain(SocialWireMockResource.X_TOKEN);
    }
}
