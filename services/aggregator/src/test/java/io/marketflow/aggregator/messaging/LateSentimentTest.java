package io.marketflow.aggregator.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.marketflow.aggregator.domain.AggregatedRow;
import io.marketflow.contract.ContractJson;
import io.marketflow.contract.ContractRecord;
import io.marketflow.contract.NewsArticle;
import io.marketflow.contract.SocialPost;
import io.marketflow.contract.WeekBars;
import io.marketflow.localstack.LocalStackResource;
import io.marketflow.localstack.StackAddresses;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * Articles and posts that arrive after the rows whose windows hold them, on the real Kafka and PostgreSQL: the rows of
 * a ticker aggregated before a late article, a late post and a late general post must end up equal, whole rows and
 * bit for bit, to those of a ticker aggregated after all of them (a clean run), and the rows before the earliest late
 * item must keep their row version (not rewritten).
 */
@QuarkusTest
@WithTestResource(LocalStackResource.class)
@TestProfile(LateContextTopics.class)
class LateSentimentTest {

    private static final LocalDate WED = LocalDate.of(2025, 11, 26);
    private static final int ROWS = 390;
    private static final String LATE = "SLATE";
    private static final String CLEAN = "SCLEAN";
    /** Every column but the ticker, so rows of two tickers compare. */
    private static final String ROW = "row(" + AggregatedRow.COLUMNS.subList(1, AggregatedRow.COLUMNS.size()).stream()
            .map(c -> "\"" + c + "\"").collect(Collectors.joining(", ")) + ")::text";
    private static StackAddresses stack;
    private static StackDatabase db;
    private static KafkaProducer<String, byte[]> producer;

    @BeforeAll
    static void connect() throws Exception {
        stack = LocalStackResource.shared();
        db = new StackDatabase(stack);
        // the context reader looks for new topics only every 30 s: create them now rather than on the first send
        try (AdminClient admin = AdminClient.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers()))) {
            for (String topic : List.of(LateContextTopics.NEWS, LateContextTopics.SOCIAL)) {
                try {
                    admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
        }
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        await().atMost(Duration.ofSeconds(60)).until(() -> "t".equals(db.firstValue(
                "SELECT to_regclass('aggregator_context_version') IS NOT NULL")));
        db.execute("DELETE FROM aggregated_data WHERE ticker IN ('" + LATE + "', '" + CLEAN + "')");
        db.execute("DELETE FROM aggregator_sentiment WHERE ticker IN ('" + LATE + "', '" + CLEAN + "') OR id LIKE 'late-sentiment-%'");
        db.execute("DELETE FROM aggregator_indicator_state WHERE ticker IN ('" + LATE + "', '" + CLEAN + "')");
        db.execute("DELETE FROM aggregator_weeks WHERE ticker IN ('" + LATE + "', '" + CLEAN + "')");
        // the reader may have started before the topics existed: proceed once it reads them (the next rediscovery)
        post("late-sentiment-sentinel", "ZZSENT", ny(9, 0), 0.5);
        await().atMost(Duration.ofSeconds(90)).until(() -> "1".equals(db.firstValue(
                "SELECT count(*) FROM aggregator_sentiment WHERE id = 'late-sentiment-sentinel'")));
    }

    @AfterAll
    static void close() {
        producer.close();
    }

    private static Instant ny(int hour, int minute) {
        return AggregatorEndToEndTest.ny(WED, hour, minute);
    }

    private static void article(String id, String ticker, Instant publishedAt, double sentiment) throws Exception {
        producer.send(new ProducerRecord<>(LateContextTopics.NEWS, ticker, ContractJson.toBytes(new NewsArticle(
                ContractRecord.CURRENT_SCHEMA_VERSION, id, ticker, List.of(ticker), publishedAt, "headline " + id, "summary",
                "Reuters", "https://example.com/" + id, "finnhub", sentiment, "finance-lexicon/1")))).get();
    }

    /** @param ticker null for a general (market-wide) post */
    private static void post(String id, String ticker, Instant createdAt, double sentiment) throws Exception {
        producer.send(new ProducerRecord<>(LateContextTopics.SOCIAL, ticker, ContractJson.toBytes(new SocialPost(
                ContractRecord.CURRENT_SCHEMA_VERSION, id, "bluesky", "someone.bsky.social", "text " + id, createdAt,
                ticker == null ? "stocks" : ticker, "en", 1L, 0L, ticker, sentiment, "finance-lexicon/1")))).get();
    }

    /** Sends the items for both tickers and waits until they are stored (a correction commits with them). */
    private static void items(List<String> tickers, boolean late) throws Exception {
        int stored = 0;
        for (String t : tickers) {
            if (!late) {
                // scores whose sums round: a prefix-sum mean and a window-sum mean would differ in the last bits
                article("late-sentiment-n1-" + t, t, ny(8, 0).minus(Duration.ofDays(2)), 0.1);
                article("late-sentiment-n2-" + t, t, ny(8, 0).minus(Duration.ofDays(1)), 0.2);
                article("late-sentiment-n3-" + t, t, ny(9, 45), 0.7);
                post("late-sentiment-p1-" + t, t, ny(9, 40), 0.3);
                stored += 4;
            } else {
                article("late-sentiment-n4-" + t, t, ny(11, 0).plusSeconds(30), 0.6);
                post("late-sentiment-p2-" + t, t, ny(14, 0), -0.45);
                stored += 2;
            }
        }
        String general = late ? "late-sentiment-g2" : "late-sentiment-g1";
        post(general, null, late ? ny(13, 0) : ny(9, 31), late ? -0.3 : 0.15);
        int expected = stored + 1;
        String like = late ? "('late-sentiment-n4-%', 'late-sentiment-p2-%', 'late-sentiment-g2')" : "('late-sentiment-n1-%', "
                + "'late-sentiment-n2-%', 'late-sentiment-n3-%', 'late-sentiment-p1-%', 'late-sentiment-g1')";
        await().atMost(Duration.ofSeconds(60)).until(() -> String.valueOf(expected).equals(db.firstValue(
                "SELECT count(*) FROM aggregator_sentiment WHERE id LIKE ANY (ARRAY" + like.replace('(', '[').replace(')', ']') + ")")));
    }

    private static void bars(String ticker) throws Exception {
        producer.send(new ProducerRecord<>(LateContextTopics.BARS, ticker, ContractJson.toBytes(new WeekBars(
                ContractRecord.CURRENT_SCHEMA_VERSION, ticker, 2025, 48, AggregatorEndToEndTest.day(ticker, WED))))).get();
        await().atMost(Duration.ofSeconds(60)).until(() -> String.valueOf(ROWS).equals(
                db.firstValue("SELECT count(*) FROM aggregated_data WHERE ticker = '" + ticker + "'")));
    }

    /** @return per minute, the whole row without the ticker */
    private static Map<Instant, String> rows(String ticker, String column) throws SQLException {
        Map<Instant, String> out = new LinkedHashMap<>();
        try (Connection c = db.connect();
             PreparedStatement p = c.prepareStatement("SELECT \"timestamp\", " + column + " FROM aggregated_data WHERE ticker = ? ORDER BY \"timestamp\"")) {
            p.setString(1, ticker);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    out.put(r.getTimestamp(1).toInstant(), r.getString(2));
                }
            }
        }
        return out;
    }

    @Test
    void lateArticlesAndPostsCorrectTheRowsOfTheirWindowsToACleanRunsValuesAndLeaveTheEarlierRowsUntouched() throws Exception {
        items(List.of(LATE, CLEAN), false);
        bars(LATE);
        Map<Instant, String> versionsBefore = rows(LATE, "xmin::text");
        Map<Instant, String> writtenFirst = rows(LATE, ROW);

        items(List.of(LATE, CLEAN), true);
        bars(CLEAN);

        Map<Instant, String> late = rows(LATE, ROW);
        Map<Instant, String> clean = rows(CLEAN, ROW);
        assertThat(late).hasSize(ROWS).isEqualTo(clean);
        // the earliest late item is the article of 11:00:30: the rows up to 11:00 are not rewritten, every later one is
        Instant firstReached = ny(11, 1);
        Map<Instant, String> versionsAfter = rows(LATE, "xmin::text");
        List<Instant> kept = new ArrayList<>();
        List<Instant> rewritten = new ArrayList<>();
        versionsBefore.forEach((t, v) -> (v.equals(versionsAfter.get(t)) ? kept : rewritten).add(t));
        assertThat(kept).hasSize(91).allMatch(t -> t.isBefore(firstReached));
        assertThat(rewritten).hasSize(ROWS - 91).allMatch(t -> !t.isBefore(firstReached));
        assertThat(writtenFirst.get(ny(11, 0))).isEqualTo(late.get(ny(11, 0)));
        assertThat(writtenFirst.get(ny(11, 1))).isNotEqualTo(late.get(ny(11, 1)));
        // the late items are in the values: news 1 day at 11:01 holds 0.2 (yesterday 08:00 is outside), 0.7 and 0.6
        assertThat(Double.parseDouble(rows(LATE, "sentiment_news_mean_1day").get(ny(11, 1)))).isEqualTo((0.7 + 0.6) / 2);
        assertThat(Double.parseDouble(rows(LATE, "sentiment_bluesky_mean_2hours").get(ny(14, 0)))).isEqualTo(-0.45);
        assertThat(Double.parseDouble(rows(LATE, "sentiment_general_bluesky_mean_2hours").get(ny(13, 0)))).isEqualTo(-0.3);
    }
}
