package io.marketflow.ingest.news.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.marketflow.contract.ContractJson;
import io.marketflow.contract.NewsArticle;
import io.marketflow.contract.Topics;
import io.marketflow.ingest.news.client.NewsWireMockResource;
import io.marketflow.ingest.news.config.NewsConfig.Mode;
import io.marketflow.ingest.news.domain.ArticleNormalizer;
import io.marketflow.ingest.news.domain.Normalized;
import io.marketflow.ingest.news.repository.SeenArticlesRepository;
import io.marketflow.localstack.LocalStackResource;
import io.marketflow.registry.SchemaMigrator;
import io.marketflow.seen.PublishOnce;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Two instances of the publishing component (each its own delivery and repository) over the same PostgreSQL and
 * Kafka, as two replicas polling the same tickers are: each article reaches the topic once, and a claim a crashed
 * instance left pending is taken over once it is stale; a restarted instance of a recorded run publishes nothing the run
 * already published, and a new run replays it once.
 */
@QuarkusTest
@WithTestResource(LocalStackResource.class)
@WithTestResource(NewsWireMockResource.class)
class TwoInstancesDeliveryTest {

    @Inject
    NewsPublisher publisher;

    @Inject
    ArticleNormalizer normalizer;

    @Inject
    SchemaMigrator migrator;

    @Inject
    Pool pool;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @BeforeEach
    void migrated() {
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(migrator::migrated);
    }

    /** Finnhub items with ids from {@code base}: unique per run, as Finnhub's ids are numeric. */
    private List<Normalized> response(long base, int n) {
        ObjectMapper json = new ObjectMapper();
        List<Normalized> items = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            var item = json.createObjectNode().put("category", "company").put("datetime", 1763648100L).put("id", base + i)
                    .put("headline", "Apple shares rise after upbeat outlook " + i).put("related", "AAPL").put("source", "Yahoo")
                    .put("summary", "Analysts raised estimates.").put("url", "https://finnhub.io/api/news?id=" + (base + i));
            items.add(normalizer.finnhub(item, "AAPL"));
        }
        return items;
    }

    private static String id(ConsumerRecord<String, byte[]> rec) {
        return ContractJson.fromBytes(rec.value(), NewsArticle.class).id();
    }

    @Test
    void twoInstancesPollingTheSameTickerPublishEachArticleOnce() throws Exception {
        ArticleDelivery a = new ArticleDelivery(new SeenArticlesRepository(pool), publisher, Optional.empty());
        ArticleDelivery b = new ArticleDelivery(new SeenArticlesRepository(pool), publisher, Optional.empty());
        long base = System.currentTimeMillis() * 1000;
        int rounds = 5;
        int perResponse = 20;
        List<String> ids = new ArrayList<>();
        try (TopicReader reader = new TopicReader(bootstrap, Topics.FINNHUB)) {
            for (int r = 0; r < rounds; r++) {
                List<Normalized> items = response(base + r * 100L, perResponse);
                items.forEach(item -> ids.add(item.article().id()));
                CyclicBarrier together = new CyclicBarrier(2);
                CompletableFuture<Integer> fa = CompletableFuture.supplyAsync(() -> deliver(a, items, together));
                CompletableFuture<Integer> fb = CompletableFuture.supplyAsync(() -> deliver(b, items, together));
                assertThat(fa.get() + fb.get()).isEqualTo(perResponse);
            }
            List<ConsumerRecord<String, byte[]>> records = reader.readUntil(Duration.ofSeconds(30),
                    rs -> rs.stream().filter(rec -> ids.contains(id(rec))).count() >= ids.size());
            // Read on until nothing more arrives, so a duplicate sent late would be seen too.
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> reader.unread() == 0);
            records.addAll(reader.readUntil(Duration.ofSeconds(1), rs -> false));
            Map<String, Long> perId = records.stream().map(TwoInstancesDeliveryTest::id).filter(ids::contains)
                    .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
            assertThat(perId).hasSize(rounds * perResponse);
            assertThat(perId.values()).allMatch(c -> c == 1L);
        }
        Long pending = pool.preparedQuery("SELECT count(*) FROM news_seen WHERE article_id = ANY($1) AND state <> 'sent'")
                .execute(Tuple.of(ids.toArray(new String[0]))).await().indefinitely().iterator().next().getLong(0);
        assertThat(pending).isZero();
    }

    private static int deliver(ArticleDelivery delivery, List<Normalized> items, CyclicBarrier together) {
        try {
            together.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return delivery.deliver(ArticleNormalizer.FINNHUB, Mode.LIVE, "AAPL", items);
    }

    @Test
    void aClaimLeftPendingByACrashIsTakenOverWhenStaleAndNotBefore() {
        SeenArticlesRepository repository = new SeenArticlesRepository(pool);
        ArticleDelivery survivor = new ArticleDelivery(repository, publisher, Optional.empty());
        List<Normalized> items = response(System.currentTimeMillis() * 1000 + 900, 2);
        String first = items.get(0).article().id();
        // The crashed instance claimed both and died before Kafka's ack: nothing was confirmed.
        assertThat(repository.claim(ArticleNormalizer.FINNHUB, items.stream().map(Normalized::article).toList(), PublishOnce.CLAIM_TIMEOUT)
                .await().indefinitely()).hasSize(2);
        // While the claim is young, the other instance leaves the articles to their claimer.
        assertThat(survivor.deliver(ArticleNormalizer.FINNHUB, Mode.LIVE, "AAPL", items)).isZero();
        pool.preparedQuery("UPDATE news_seen SET claimed_at = now() - interval '1 hour' WHERE article_id = $1")
                .execute(Tuple.of(first)).await().indefinitely();
        try (TopicReader reader = new TopicReader(bootstrap, Topics.FINNHUB)) {
            assertThat(survivor.deliver(ArticleNormalizer.FINNHUB, Mode.LIVE, "AAPL", items)).isEqualTo(1);
            List<ConsumerRecord<String, byte[]>> records = reader.readUntil(Duration.ofSeconds(20),
                    rs -> rs.stream().anyMatch(rec -> id(rec).equals(first)));
            assertThat(records).extracting(TwoInstancesDeliveryTest::id).contains(first);
        }
        String state = pool.preparedQuery("SELECT state FROM news_seen WHERE provider = 'finnhub' AND article_id = $1")
                .execute(Tuple.of(first)).await().indefinitely().iterator().next().getString(0);
        assertThat(state).isEqualTo("sent");
        assertThat(survivor.deliver(ArticleNormalizer.FINNHUB, Mode.LIVE, "AAPL", items)).isZero();
    }

    @Test
    void aRestartWithinARecordedRunPublishesNothingAgainAndANewRunReplaysOnce() {
        List<Normalized> items = response(System.currentTimeMillis() * 1000 + 500, 3);
        List<String> ids = items.stream().map(item -> item.article().id()).toList();
        String run = "run-" + UUID.randomUUID();
        String next = "run-" + UUID.randomUUID();
        SeenArticlesRepository repository = new SeenArticlesRepository(pool);
        try (TopicReader reader = new TopicReader(bootstrap, Topics.FINNHUB)) {
            // Each delivery is a process of its own: a new instance with nothing in memory, as after a SIGKILL.
            assertThat(recorded(run).deliver(ArticleNormalizer.FINNHUB, Mode.RECORDED, "AAPL", items)).isEqualTo(3);
            assertThat(recorded(run).deliver(ArticleNormalizer.FINNHUB, Mode.RECORDED, "AAPL", items)).isZero();
            ArticleDelivery nextRun = recorded(next);
            assertThat(nextRun.deliver(ArticleNormalizer.FINNHUB, Mode.RECORDED, "AAPL", items)).isEqualTo(3);
            assertThat(recorded(next).deliver(ArticleNormalizer.FINNHUB, Mode.RECORDED, "AAPL", items)).isZero();
            List<ConsumerRecord<String, byte[]>> records = reader.readUntil(Duration.ofSeconds(30),
                    rs -> rs.stream().filter(rec -> ids.contains(id(rec))).count() >= 6);
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> reader.unread() == 0);
            records.addAll(reader.readUntil(Duration.ofSeconds(1), rs -> false));
            Map<String, Long> perId = records.stream().map(TwoInstancesDeliveryTest::id).filter(ids::contains)
                    .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
            // Once per run: the first run and the next, never for a restart.
            assertThat(perId).hasSize(3).allSatisfy((id, count) -> assertThat(count).isEqualTo(2L));
            // The next run dropped the first run's rows and kept its own.
            assertThat(repository.count(nextRun.namespace(ArticleNormalizer.FINNHUB, Mode.RECORDED)).await().indefinitely()).isEqualTo(3);
            assertThat(repository.count(recorded(run).namespace(ArticleNormalizer.FINNHUB, Mode.RECORDED)).await().indefinitely()).isZero();
        }
    }

    @Test
    void withoutARunIdTheRecordedStateIsKeptAcrossRestarts() {
        List<Normalized> items = response(System.currentTimeMillis() * 1000 + 700, 2);
        ArticleDelivery first = new ArticleDelivery(new SeenArticlesRepository(pool), publisher, Optional.empty());
        assertThat(first.namespace(ArticleNormalizer.FINNHUB, Mode.RECORDED)).isEqualTo("finnhub-recorded");
        assertThat(first.deliver(ArticleNormalizer.FINNHUB, Mode.RECORDED, "AAPL", items)).isEqualTo(2);
        assertThat(new ArticleDelivery(new SeenArticlesRepository(pool), publisher, Optional.of(" "))
                .deliver(ArticleNormalizer.FINNHUB, Mode.RECORDED, "AAPL", items)).isZero();
    }

    @Test
    void aRunsNamespaceFitsTheProviderColumnAndDiffersPerRun() {
        String a = recorded("run-1765065600").namespace(ArticleNormalizer.NEWSAPI, Mode.RECORDED);
        assertThat(a).startsWith("newsapi-run-").hasSize(20);
        assertThat(recorded("run-1765065601").namespace(ArticleNormalizer.NEWSAPI, Mode.RECORDED)).isNotEqualTo(a);
        assertThat(recorded("run-1765065600").namespace(ArticleNormalizer.NEWSAPI, Mode.LIVE)).isEqualTo("newsapi");
    }

    /** A delivery of a process started for the recorded run {@code run}. */
    private ArticleDelivery recorded(String run) {
        return new ArticleDelivery(new SeenArticlesRepository(pool), publisher, Optional.of(run));
    }
}
