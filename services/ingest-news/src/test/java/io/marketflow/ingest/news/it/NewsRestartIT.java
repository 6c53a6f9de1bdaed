package io.marketflow.ingest.news.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
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
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.CountMatchingStrategy;
import com.github.tomakehurst.wiremock.stubbing.Scenario;

import io.marketflow.contract.ContractJson;
import io.marketflow.contract.NewsArticle;
import io.marketflow.contract.Topics;
import io.marketflow.ingest.news.client.Fixtures;
import io.marketflow.ingest.news.messaging.TopicReader;
import io.marketflow.localstack.LocalStackResource;
import io.marketflow.localstack.StackAddresses;

/**
 * The packaged service run twice in a row as its own process against the real stack and Finnhub from the fixture over
 * WireMock: the second process, with nothing in memory, publishes none of the first one's articles because the state
 * is in PostgreSQL; and neither process's log holds the API key, though both ran with it through retries.
 */
class NewsRestartIT {

    private static final String NEWS = "/api/v1/company-news";
    private static final String KEY = "fh-it-key-3b9e71d4c2";

    private WireMockServer wireMock;
    private StackAddresses stack;
    private List<String> ids;

    @BeforeEach
    void start() throws Exception {
        stack = LocalStackResource.shared();
        wireMock = new WireMockServer(options().dynamicPort());
        wireMock.start();
        // Fresh ids per run: the shared test database keeps news_seen rows of earlier runs and other test classes.
        long base = ThreadLocalRandom.current().nextLong(1_000_000_000L, 9_000_000_000L);
        ArrayNode articles = (ArrayNode) new ObjectMapper().readTree(Fixtures.read("finnhub_company_news.json"));
        for (int i = 0; i < articles.size(); i++) {
            ((ObjectNode) articles.get(i)).put("id", base + i);
        }
        ids = List.of(Long.toString(base), Long.toString(base + 1));
        wireMock.stubFor(get(urlPathEqualTo(NEWS)).atPriority(100).willReturn(okJson("[]")));
        wireMock.stubFor(get(urlPathEqualTo(NEWS)).withQueryParam("symbol", equalTo("AAPL")).willReturn(okJson(articles.toString())));
        // One 503 for MSFT, so each process logs a retry while it holds the key.
        wireMock.stubFor(get(urlPathEqualTo(NEWS)).withQueryParam("symbol", equalTo("MSFT")).inScenario("msft")
                .whenScenarioStateIs(Scenario.STARTED).willReturn(aResponse().withStatus(503)).willSetStateTo("ok"));
        wireMock.stubFor(get(urlPathEqualTo(NEWS)).withQueryParam("symbol", equalTo("MSFT")).inScenario("msft")
                .whenScenarioStateIs("ok").willReturn(okJson("[]")));
    }

    @AfterEach
    void stop() {
        wireMock.stop();
    }

    @Test
    void aSecondProcessStartedAfterTheFirstPublishesNothingTwiceAndNoLogHoldsTheKey() throws Exception {
        String firstLog;
        String secondLog;
        try (TopicReader reader = new TopicReader(stack.kafkaBootstrapServers(), Topics.FINNHUB)) {
            try (ServiceProcess first = ServiceProcess.start(environment(), ServiceProcess.freePort())) {
                List<ConsumerRecord<String, byte[]>> published = reader.readUntil(Duration.ofSeconds(120), r -> ours(r).size() >= 2);
                assertThat(ours(published)).containsExactlyInAnyOrderElementsOf(ids);
                // The articles are marked seen only after the ack: wait for the rows before stopping the process.
                await().atMost(Duration.ofSeconds(30)).until(() -> seenRows() == 2);
                firstLog = first.output();
            }
            wireMock.resetScenarios();
            int asked = askedForAapl();
            try (ServiceProcess second = ServiceProcess.start(environment(), ServiceProcess.freePort())) {
                // Two polls of AAPL: the first has been delivered (or skipped) completely when the second starts.
                await().atMost(Duration.ofSeconds(120)).until(() -> askedForAapl() >= asked + 2);
                String metrics = second.body("/q/metrics");
                assertThat(counter(metrics, "duplicate")).isGreaterThanOrEqualTo(2);
                assertThat(counter(metrics, "published")).isZero();
                List<ConsumerRecord<String, byte[]>> after = reader.readUntil(Duration.ofSeconds(30), r -> reader.unread() == 0);
                assertThat(ours(after)).isEmpty();
                secondLog = second.output();
            }
        }
        assertThat(seenRows()).isEqualTo(2);
        // Both processes really held the key: every request carried it.
        wireMock.verify(0, getRequestedFor(urlPathEqualTo(NEWS)).withQueryParam("token", com.github.tomakehurst.wiremock.client.WireMock.notMatching(KEY)));
        wireMock.verify(new CountMatchingStrategy(CountMatchingStrategy.GREATER_THAN_OR_EQUAL, 3),
                getRequestedFor(urlPathEqualTo(NEWS)).withQueryParam("token", equalTo(KEY)));
        for (String log : List.of(firstLog, secondLog)) {
            // The scan must be able to fail: each log has the process's own lines, the retry of MSFT among them.
            assertThat(log).contains("[FinnhubPoller] - mode live").contains("MFPC0001: finnhub").doesNotContain(KEY);
        }
    }

    /** The packaged service in live mode for Finnhub only, polling every second, fast backoffs, DEBUG logging. */
    private Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", stack.kafkaBootstrapServers());
        env.put("MARKETFLOW_DB_HOST", stack.dbHost());
        env.put("MARKETFLOW_DB_PORT", String.valueOf(stack.dbPort()));
        env.put("MARKETFLOW_DB_NAME", stack.dbName());
        env.put("MARKETFLOW_DB_USER", stack.dbUser());
        env.put("MARKETFLOW_DB_PASSWORD", stack.dbPassword());
        env.put("MARKETFLOW_NEWS_MODE", "live");
        env.put("FINNHUB_API_KEY", KEY);
        env.put("NEWSAPI_API_KEY", "");
        env.put("MARKETFLOW_NEWS_FINNHUB_URL", wireMock.baseUrl() + "/api/v1");
        env.put("MARKETFLOW_NEWS_FINNHUB_POLL_INTERVAL", "1s");
        env.put("MARKETFLOW_NEWS_FINNHUB_REQUESTS_PER_MINUTE", "6000");
        env.put("MARKETFLOW_NEWS_FINNHUB_RETRY_INITIAL_BACKOFF", "10ms");
        env.put("MARKETFLOW_NEWS_FINNHUB_RETRY_MAX_BACKOFF", "100ms");
        env.put("QUARKUS_LOG_CATEGORY__IO_MARKETFLOW__LEVEL", "DEBUG");
        return env;
    }

    /** @return the value of {@code marketflow_news_articles_total} for Finnhub and the outcome, 0 when absent */
    private static double counter(String metrics, String outcome) {
        Matcher m = Pattern.compile("^marketflow_news_articles_total\\{outcome=\"" + outcome + "\",provider=\"finnhub\"\\} (\\S+)$",
                Pattern.MULTILINE).matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private List<String> ours(List<ConsumerRecord<String, byte[]>> records) {
        return records.stream().map(r -> ContractJson.fromBytes(r.value(), NewsArticle.class).id()).filter(ids::contains).toList();
    }

    private int askedForAapl() {
        return wireMock.countRequestsMatching(getRequestedFor(urlPathEqualTo(NEWS)).withQueryParam("symbol", equalTo("AAPL")).build()).getCount();
    }

    private long seenRows() throws SQLException {
        try (Connection c = DriverManager.getConnection(stack.jdbcUrl(), stack.dbUser(), stack.dbPassword());
                PreparedStatement s = c.prepareStatement("SELECT count(*) FROM news_seen WHERE provider = 'finnhub' AND article_id = ANY(?)")) {
            s.setArray(1, c.createArrayOf("varchar", ids.toArray()));
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
