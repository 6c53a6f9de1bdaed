package io.marketflow.ingest.social.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
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
import io.marketflow.contract.SocialPost;
import io.marketflow.contract.Topics;
import io.marketflow.ingest.social.client.SocialWireMockResource;
import io.marketflow.ingest.social.config.SocialConfig.Mode;
import io.marketflow.ingest.social.domain.Keyword;
import io.marketflow.ingest.social.domain.Normalized;
import io.marketflow.ingest.social.domain.PostNormalizer;
import io.marketflow.ingest.social.repository.SeenPostsRepository;
import io.marketflow.localstack.LocalStackResource;
import io.marketflow.registry.SchemaMigrator;
import io.marketflow.seen.PublishOnce;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Two instances of the publishing component (each its own delivery and repository) over the same PostgreSQL and
 * Kafka, as two replicas are: each post reaches the topic once, and a claim a crashed instance left pending is taken
 * over once it is stale.
 */
@QuarkusTest
@WithTestResource(LocalStackResource.class)
@WithTestResource(SocialWireMockResource.class)
class TwoInstancesDeliveryTest {

    @Inject
    SocialPublisher publisher;

    @Inject
    PostNormalizer normalizer;

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

    private List<Normalized> page(String prefix, int n) {
        ObjectMapper json = new ObjectMapper();
        List<Normalized> items = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String cid = prefix + i;
            var post = json.createObjectNode().put("uri", "at://did:plc:two/app.bsky.feed.post/" + cid).put("cid", cid);
            post.putObject("author").put("handle", "two.bsky.social");
            post.putObject("record").put("text", "Stocks rallied on strong earnings " + i).put("createdAt", "2025-11-20T14:00:00.000Z");
            items.add(normalizer.bluesky(post, new Keyword("stocks", null)));
        }
        return items;
    }

    @Test
    void twoInstancesPollingTheSameKeywordPublishEachPostOnce() throws Exception {
        PostDelivery a = new PostDelivery(new SeenPostsRepository(pool), publisher, Optional.empty());
        PostDelivery b = new PostDelivery(new SeenPostsRepository(pool), publisher, Optional.empty());
        String run = "two" + Instant.now().toEpochMilli() + "-";
        int rounds = 5;
        int perPage = 20;
        int published = 0;
        try (TopicReader reader = new TopicReader(bootstrap, Topics.BLUESKY)) {
            for (int r = 0; r < rounds; r++) {
                List<Normalized> items = page(run + r + "-", perPage);
                CyclicBarrier together = new CyclicBarrier(2);
                CompletableFuture<PostDelivery.Delivered> fa = CompletableFuture.supplyAsync(() -> deliver(a, items, together));
                CompletableFuture<PostDelivery.Delivered> fb = CompletableFuture.supplyAsync(() -> deliver(b, items, together));
                PostDelivery.Delivered da = fa.get();
                PostDelivery.Delivered db = fb.get();
                assertThat(da.published() + db.published()).isEqualTo(perPage);
                assertThat(da.duplicates() + db.duplicates()).isEqualTo(perPage);
                published += da.published() + db.published();
            }
            int expected = published;
            List<ConsumerRecord<String, byte[]>> records = reader.readUntil(Duration.ofSeconds(30),
                    rs -> rs.stream().filter(rec -> ContractJson.fromBytes(rec.value(), SocialPost.class).id().startsWith(run)).count() >= expected);
            // Read on until nothing more arrives, so a duplicate sent late would be seen too.
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> reader.unread() == 0);
            records.addAll(reader.readUntil(Duration.ofSeconds(1), rs -> false));
            Map<String, Long> perId = records.stream().map(rec -> ContractJson.fromBytes(rec.value(), SocialPost.class).id())
                    .filter(id -> id.startsWith(run)).collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
            assertThat(perId).hasSize(rounds * perPage);
            assertThat(perId.values()).allMatch(c -> c == 1L);
        }
        Long pending = pool.preparedQuery("SELECT count(*) FROM social_seen WHERE post_id LIKE $1 AND state <> 'sent'")
                .execute(Tuple.of(run + "%")).await().indefinitely().iterator().next().getLong(0);
        assertThat(pending).isZero();
    }

    private static PostDelivery.Delivered deliver(PostDelivery delivery, List<Normalized> items, CyclicBarrier together) {
        try {
            together.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return delivery.deliver(PostNormalizer.BLUESKY, Mode.LIVE, "stocks", items);
    }

    @Test
    void aClaimLeftPendingByACrashIsTakenOverWhenStaleAndNotBefore() {
        SeenPostsRepository repository = new SeenPostsRepository(pool);
        PostDelivery survivor = new PostDelivery(repository, publisher, Optional.empty());
        String run = "crash" + Instant.now().toEpochMilli() + "-";
        List<Normalized> items = page(run, 2);
        // The crashed instance claimed both and died before Kafka's ack: nothing was confirmed.
        assertThat(repository.claim(PostNormalizer.BLUESKY, items, PublishOnce.CLAIM_TIMEOUT).await().indefinitely()).hasSize(2);
        // While the claim is young, the other instance leaves the posts to their claimer.
        assertThat(survivor.deliver(PostNormalizer.BLUESKY, Mode.LIVE, "stocks", items).published()).isZero();
        pool.preparedQuery("UPDATE social_seen SET claimed_at = now() - interval '1 hour' WHERE post_id = $1")
                .execute(Tuple.of(run + "0")).await().indefinitely();
        try (TopicReader reader = new TopicReader(bootstrap, Topics.BLUESKY)) {
            PostDelivery.Delivered d = survivor.deliver(PostNormalizer.BLUESKY, Mode.LIVE, "stocks", items);
            assertThat(d.published()).isEqualTo(1);
            List<ConsumerRecord<String, byte[]>> records = reader.readUntil(Duration.ofSeconds(20),
                    rs -> rs.stream().anyMatch(rec -> ContractJson.fromBytes(rec.value(), SocialPost.class).id().equals(run + "0")));
            assertThat(records).extracting(rec -> ContractJson.fromBytes(rec.value(), SocialPost.class).id()).contains(run + "0");
        }
        String state = pool.preparedQuery("SELECT state FROM social_seen WHERE platform = 'bluesky' AND post_id = $1")
                .execute(Tuple.of(run + "0")).await().indefinitely().iterator().next().getString(0);
        assertThat(state).isEqualTo("sent");
        // Taken over and sent: a third look publishes nothing.
        assertThat(survivor.deliver(PostNormalizer.BLUESKY, Mode.LIVE, "stocks", items).published()).isZero();
    }

    @Test
    void aRestartWithinARecordedRunPublishesNothingAgainAndANewRunReplaysOnce() {
        String prefix = "replay" + Instant.now().toEpochMilli() + "-";
        List<Normalized> items = page(prefix, 3);
        String run = "run-" + UUID.randomUUID();
        String next = "run-" + UUID.randomUUID();
        SeenPostsRepository repository = new SeenPostsRepository(pool);
        try (TopicReader reader = new TopicReader(bootstrap, Topics.BLUESKY)) {
            // Each delivery is a process of its own: a new instance with nothing in memory, as after a SIGKILL.
            assertThat(recorded(run).deliver(PostNormalizer.BLUESKY, Mode.RECORDED, "stocks", items).published()).isEqualTo(3);
            PostDelivery.Delivered restarted = recorded(run).deliver(PostNormalizer.BLUESKY, Mode.RECORDED, "stocks", items);
            assertThat(restarted.published()).isZero();
            assertThat(restarted.duplicates()).isEqualTo(3);
            PostDelivery nextRun = recorded(next);
            assertThat(nextRun.deliver(PostNormalizer.BLUESKY, Mode.RECORDED, "stocks", items).published()).isEqualTo(3);
            assertThat(recorded(next).deliver(PostNormalizer.BLUESKY, Mode.RECORDED, "stocks", items).published()).isZero();
            List<ConsumerRecord<String, byte[]>> records = reader.readUntil(Duration.ofSeconds(30),
                    rs -> rs.stream().filter(rec -> ContractJson.fromBytes(rec.value(), SocialPost.class).id().startsWith(prefix)).count() >= 6);
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> reader.unread() == 0);
            records.addAll(reader.readUntil(Duration.ofSeconds(1), rs -> false));
            Map<String, Long> perId = records.stream().map(rec -> ContractJson.fromBytes(rec.value(), SocialPost.class).id())
                    .filter(id -> id.startsWith(prefix)).collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
            // Once per run: the first run and the next, never for a restart.
            assertThat(perId).hasSize(3).allSatisfy((id, count) -> assertThat(count).isEqualTo(2L));
            // The next run dropped the first run's rows and kept its own.
            assertThat(repository.count(nextRun.namespace(PostNormalizer.BLUESKY, Mode.RECORDED)).await().indefinitely()).isEqualTo(3);
            assertThat(repository.count(recorded(run).namespace(PostNormalizer.BLUESKY, Mode.RECORDED)).await().indefinitely()).isZero();
        }
    }

    @Test
    void withoutARunIdTheRecordedStateIsKeptAcrossRestarts() {
        List<Normalized> items = page("keep" + Instant.now().toEpochMilli() + "-", 2);
        PostDelivery first = new PostDelivery(new SeenPostsRepository(pool), publisher, Optional.empty());
        assertThat(first.namespace(PostNormalizer.BLUESKY, Mode.RECORDED)).isEqualTo("bluesky-recorded");
        assertThat(first.deliver(PostNormalizer.BLUESKY, Mode.RECORDED, "stocks", items).published()).isEqualTo(2);
        assertThat(new PostDelivery(new SeenPostsRepository(pool), publisher, Optional.of(" "))
                .deliver(PostNormalizer.BLUESKY, Mode.RECORDED, "stocks", items).published()).isZero();
    }

    @Test
    void aRunsNamespaceFitsThePlatformColumnAndDiffersPerRun() {
        String a = recorded("run-1765065600").namespace(PostNormalizer.BLUESKY, Mode.RECORDED);
        assertThat(a).startsWith("bluesky-run-").hasSize(20);
        assertThat(recorded("run-1765065601").namespace(PostNormalizer.BLUESKY, Mode.RECORDED)).isNotEqualTo(a);
        assertThat(recorded("run-1765065600").namespace(PostNormalizer.BLUESKY, Mode.LIVE)).isEqualTo("bluesky");
    }

    /** A delivery of a process started for the recorded run {@code run}. */
    private PostDelivery recorded(String run) {
        return new PostDelivery(new SeenPostsRepository(pool), publisher, Optional.of(run));
    }
}
