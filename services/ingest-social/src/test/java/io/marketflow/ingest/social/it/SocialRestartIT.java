package io.marketflow.ingest.social.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;

import io.marketflow.contract.ContractJson;
import io.marketflow.contract.SocialPost;
import io.marketflow.contract.Topics;
import io.marketflow.ingest.social.client.Fixtures;
import io.marketflow.ingest.social.messaging.TopicReader;
import io.marketflow.localstack.LocalStackResource;
import io.marketflow.localstack.StackAddresses;

/**
 * The packaged service run twice in a row as its own process against the real stack, Bluesky and X from the fixtures
 * over WireMock: the second process, with nothing in memory and its first search answered {@code ExpiredToken},
 * tries to refresh the session, is refused (no refreshSession stub), logs in again and publishes none of the first one's posts, because the cids are in PostgreSQL; neither process's log
 * holds the app password, a session token or the X bearer token, though both ran with them through failures.
 */
class SocialRestartIT {

    private static final String CREATE = "/xrpc/com.atproto.server.createSession";
    private static final String SEARCH = "/xrpc/app.bsky.feed.searchPosts";
    private static final String REFRESH = "/xrpc/com.atproto.server.refreshSession";
    private static final String X_SEARCH = "/2/tweets/search/recent";
    private static final String PASSWORD = "pw-it-5d2e-b7a1-9c04";
    private static final String X_TOKEN = "x-it-bearer-BBBB71fe0a33";

    private WireMockServer wireMock;
    private StackAddresses stack;
    private List<String> cids;
    private JsonNode session;

    @BeforeEach
    void start() throws Exception {
        stack = LocalStackResource.shared();
        wireMock = new WireMockServer(options().dynamicPort());
        wireMock.start();
        ObjectMapper json = new ObjectMapper();
        session = json.readTree(Fixtures.read("bluesky_com_atproto_server_createSession_long_lived.json"));
        // Fresh cids per run: the shared test database keeps social_seen rows of earlier runs and other test classes.
        JsonNode page = json.readTree(Fixtures.read("bluesky_app_bsky_feed_searchPosts.json"));
        String run = UUID.randomUUID().toString().replace("-", "");
        for (int i = 0; i < page.get("posts").size(); i++) {
            ObjectNode post = (ObjectNode) page.get("posts").get(i);
            post.put("cid", "bafyit" + run + i);
            post.put("uri", post.get("uri").asText() + run);
        }
        cids = List.of("bafyit" + run + 0, "bafyit" + run + 1);
        // A quiet provider for every other keyword and page; the first page of "stocks" is the fixture.
        wireMock.stubFor(get(anyUrl()).atPriority(100).willReturn(okJson("{\"posts\":[]}")));
        wireMock.stubFor(post(urlPathEqualTo(CREATE)).willReturn(okJson(session.toString())));
        wireMock.stubFor(get(urlPathEqualTo(SEARCH)).atPriority(10).withQueryParam("q", equalTo("stocks")).withQueryParam("cursor", absent())
                .willReturn(okJson(page.toString())));
        // X answers 503 only, so each process logs its retries while it holds the token.
        wireMock.stubFor(get(urlPathEqualTo(X_SEARCH)).willReturn(aResponse().withStatus(503)));
    }

    @AfterEach
    void stop() {
        wireMock.stop();
    }

    @Test
    void aSecondProcessStartedAfterTheFirstPublishesNothingTwiceAndNoLogHoldsASecret() throws Exception {
        String firstLog;
        String secondLog;
        try (TopicReader reader = new TopicReader(stack.kafkaBootstrapServers(), Topics.BLUESKY)) {
            try (ServiceProcess first = ServiceProcess.start(environment(), ServiceProcess.freePort())) {
                List<ConsumerRecord<String, byte[]>> published = reader.readUntil(Duration.ofSeconds(120), r -> ours(r).size() >= 2);
                assertThat(ours(published)).containsExactlyInAnyOrderElementsOf(cids);
                // Posts are marked seen only after the ack: wait for the rows (and for X's retries) before stopping.
                await().atMost(Duration.ofSeconds(30)).until(() -> seenRows() == 2);
                await().atMost(Duration.ofSeconds(60)).until(() -> count(getRequestedFor(urlPathEqualTo(X_SEARCH))) >= 2);
                firstLog = first.output();
            }
            // The second process's first search of "stocks" finds its session expired.
            wireMock.stubFor(get(urlPathEqualTo(SEARCH)).atPriority(1).withQueryParam("q", equalTo("stocks")).inScenario("expiry")
                    .whenScenarioStateIs(Scenario.STARTED).willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                            .withBody(Fixtures.read("bluesky_error_expired_token.json"))).willSetStateTo("renewed"));
            int sessions = count(postRequestedFor(urlPathEqualTo(CREATE)));
            int searched = stocksSearches();
            int xAsked = count(getRequestedFor(urlPathEqualTo(X_SEARCH)));
            try (ServiceProcess second = ServiceProcess.start(environment(), ServiceProcess.freePort())) {
                // The expired search, its retry with the new session, and the next cycle's: the first cycle is delivered.
                await().atMost(Duration.ofSeconds(120)).until(() -> stocksSearches() >= searched + 3);
                String metrics = second.body("/q/metrics");
                assertThat(counter(metrics, "marketflow_bluesky_sessions_total", "event=\"expired\"")).isEqualTo(1);
                assertThat(counter(metrics, "marketflow_bluesky_sessions_total", "event=\"refresh_failed\"")).isEqualTo(1);
                // The refresh is asked with the session's refresh token, not the refused access token.
                assertThat(count(postRequestedFor(urlPathEqualTo(REFRESH))
                        .withHeader("Authorization", equalTo("Bearer " + session.get("refreshJwt").asText())))).isEqualTo(1);
                assertThat(counter(metrics, "marketflow_social_posts_total", "outcome=\"duplicate\",platform=\"bluesky\"")).isGreaterThanOrEqualTo(2);
                assertThat(counter(metrics, "marketflow_social_posts_total", "outcome=\"published\",platform=\"bluesky\"")).isZero();
                // Its own login, then one more after ExpiredToken, each with the account's password.
                assertThat(count(postRequestedFor(urlPathEqualTo(CREATE)).withRequestBody(
                        com.github.tomakehurst.wiremock.client.WireMock.containing(PASSWORD)))).isEqualTo(sessions + 2);
                List<ConsumerRecord<String, byte[]>> after = reader.readUntil(Duration.ofSeconds(30), r -> reader.unread() == 0);
                assertThat(ours(after)).isEmpty();
                await().atMost(Duration.ofSeconds(60)).until(() -> count(getRequestedFor(urlPathEqualTo(X_SEARCH))) >= xAsked + 2);
                secondLog = second.output();
            }
        }
        assertThat(seenRows()).isEqualTo(2);
        wireMock.verify(getRequestedFor(urlPathEqualTo(X_SEARCH)).withHeader("Authorization", equalTo("Bearer " + X_TOKEN)));
        for (String log : List.of(firstLog, secondLog)) {
            // The scan must be able to fail: each log has the process's own lines, its login and X's retries among them.
            assertThat(log).contains("bluesky session created").contains("MFPC0001: x search/recent")
                    .doesNotContain(PASSWORD).doesNotContain(X_TOKEN)
                    .doesNotContain(session.get("accessJwt").asText()).doesNotContain(session.get("refreshJwt").asText());
        }
        // The refused token is refreshed first; WireMock has no refreshSession stub, so its 404 is the refused refresh
        // and the second login above follows it. Neither line is in the first process's log.
        String refused = "[search] - bluesky access token refused (400): refreshing the session";
        String newSession = "[refreshSession] - bluesky refresh refused (HTTP 404): creating a new session";
        assertThat(secondLog).contains(refused).contains(newSession);
        assertThat(secondLog.indexOf(refused)).isLessThan(secondLog.indexOf(newSession));
        assertThat(firstLog).doesNotContain(refused).doesNotContain(newSession);
    }

    /** The packaged service live for Bluesky and X, only "stocks" as general keyword, fast cycles and backoffs. */
    private Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", stack.kafkaBootstrapServers());
        env.put("MARKETFLOW_DB_HOST", stack.dbHost());
        env.put("MARKETFLOW_DB_PORT", String.valueOf(stack.dbPort()));
        env.put("MARKETFLOW_DB_NAME", stack.dbName());
        env.put("MARKETFLOW_DB_USER", stack.dbUser());
        env.put("MARKETFLOW_DB_PASSWORD", stack.dbPassword());
        env.put("MARKETFLOW_SOCIAL_GENERAL_KEYWORDS", "stocks");
        env.put("MARKETFLOW_SOCIAL_BLUESKY_MODE", "live");
        env.put("BLUESKY_HANDLE", "marketbot-it.bsky.social");
        env.put("BLUESKY_APP_PASSWORD", PASSWORD);
        env.put("MARKETFLOW_SOCIAL_BLUESKY_URL", wireMock.baseUrl());
        env.put("MARKETFLOW_SOCIAL_BLUESKY_CYCLE_INTERVAL", "1s");
        env.put("MARKETFLOW_SOCIAL_BLUESKY_KEYWORD_DELAY", "0s");
        env.put("MARKETFLOW_SOCIAL_BLUESKY_REQUESTS_PER_MINUTE", "60000");
        env.put("X_BEARER_TOKEN", X_TOKEN);
        env.put("MARKETFLOW_SOCIAL_X_URL", wireMock.baseUrl());
        env.put("MARKETFLOW_SOCIAL_X_POLL_INTERVAL", "1s");
        for (String p : new String[] {"BLUESKY", "X"}) {
            env.put("MARKETFLOW_SOCIAL_" + p + "_RETRY_INITIAL_BACKOFF", "10ms");
            env.put("MARKETFLOW_SOCIAL_" + p + "_RETRY_MAX_BACKOFF", "100ms");
        }
        env.put("QUARKUS_LOG_CATEGORY__IO_MARKETFLOW__LEVEL", "DEBUG");
        return env;
    }

    /** @return a counter's value in Prometheus text, 0 when absent */
    private static double counter(String metrics, String name, String tags) {
        Matcher m = Pattern.compile("^" + Pattern.quote(name + "{" + tags + "}") + " (\\S+)$", Pattern.MULTILINE).matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private List<String> ours(List<ConsumerRecord<String, byte[]>> records) {
        return records.stream().map(r -> ContractJson.fromBytes(r.value(), SocialPost.class).id()).filter(cids::contains).toList();
    }

    private int stocksSearches() {
        return count(getRequestedFor(urlPathEqualTo(SEARCH)).withQueryParam("q", equalTo("stocks")).withQueryParam("cursor", absent()));
    }

    private int count(RequestPatternBuilder pattern) {
        return wireMock.countRequestsMatching(pattern.build()).getCount();
    }

    private long seenRows() throws SQLException {
        try (Connection c = DriverManager.getConnection(stack.jdbcUrl(), stack.dbUser(), stack.dbPassword());
                PreparedStatement s = c.prepareStatement("SELECT count(*) FROM social_seen WHERE platform = 'bluesky' AND post_id = ANY(?)")) {
            s.setArray(1, c.createArrayOf("varchar", cids.toArray()));
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
