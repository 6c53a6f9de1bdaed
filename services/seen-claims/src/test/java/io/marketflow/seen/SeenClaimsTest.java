package io.marketflow.seen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.marketflow.localstack.LocalStackResource;
import io.marketflow.localstack.StackAddresses;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.pgclient.PgBuilder;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;

/**
 * Claims and the publish protocol against the test stack's real PostgreSQL, on a table of the same shape as
 * {@code news_seen}: two claimers get each item once, a stale claim is taken over and a young one is not, a failed send
 * confirms what was acked and releases the rest, a new recorded run drops the earlier runs' rows.
 */
class SeenClaimsTest {

    /** An item as the services store it: id, a ticker column refreshed on takeover, and a timestamp-free payload. */
    record Item(String id, String ticker) {
    }

    private static final String SCHEMA = "seen_claims_test";
    private static final String TABLE = "seen_items";
    private static final SeenTable<Item> SEEN = new SeenTable<>(TABLE, "provider", "item_id", List.of("ticker"), List.of("ticker"),
            Item::id, item -> List.of(item.ticker()));

    private static Pool pool;

    @BeforeAll
    static void connect() {
        StackAddresses stack = LocalStackResource.shared();
        // A schema of its own: a table in public before the services' first migration makes Flyway refuse the
        // non-empty schema (on a fresh test stack this module's tests run before any service's).
        pool = PgBuilder.pool().connectingTo(new PgConnectOptions().setHost(stack.dbHost()).setPort(stack.dbPort())
                .setDatabase(stack.dbName()).setUser(stack.dbUser()).setPassword(stack.dbPassword())
                .setProperties(Map.of("search_path", SCHEMA)))
                .with(new PoolOptions().setMaxSize(4)).build();
        pool.query("CREATE SCHEMA IF NOT EXISTS " + SCHEMA).execute().await().indefinitely();
        pool.query("CREATE TABLE IF NOT EXISTS " + TABLE + " (provider VARCHAR(20) NOT NULL, item_id TEXT NOT NULL, ticker TEXT,"
                + " state TEXT NOT NULL, claimed_at TIMESTAMPTZ NOT NULL, PRIMARY KEY (provider, item_id))").execute().await().indefinitely();
    }

    @AfterAll
    static void close() {
        pool.query("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE").execute().await().indefinitely();
        pool.close().await().indefinitely();
    }

    private static List<Item> items(int n) {
        String base = UUID.randomUUID().toString();
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            items.add(new Item(base + "-" + i, "AAPL"));
        }
        return items;
    }

    private static String state(String id) {
        return pool.preparedQuery("SELECT state FROM " + TABLE + " WHERE item_id = $1").execute(Tuple.of(id)).await().indefinitely()
                .iterator().next().getString(0);
    }

    @Test
    void twoClaimersAtOnceGetEachItemExactlyOnce() throws Exception {
        SeenClaims<Item> a = new SeenClaims<>(pool, SEEN);
        SeenClaims<Item> b = new SeenClaims<>(pool, SEEN);
        List<Item> items = items(50);
        CyclicBarrier together = new CyclicBarrier(2);
        CompletableFuture<Set<String>> fa = CompletableFuture.supplyAsync(() -> claim(a, items, together));
        CompletableFuture<Set<String>> fb = CompletableFuture.supplyAsync(() -> claim(b, items, together));
        Set<String> first = fa.get();
        Set<String> second = fb.get();
        // One claimer may get them all (the other's batch waits on its row locks): what matters is no item twice.
        assertThat(first.size() + second.size()).isEqualTo(50);
        Set<String> both = new java.util.HashSet<>(first);
        both.addAll(second);
        assertThat(both).hasSize(50);
    }

    private static Set<String> claim(SeenClaims<Item> claims, List<Item> items, CyclicBarrier together) {
        try {
            together.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return claims.claim("test", items, PublishOnce.CLAIM_TIMEOUT).await().indefinitely();
    }

    @Test
    void aPendingClaimIsTakenOverWhenStaleAndNotBeforeAndASentItemNever() {
        SeenClaims<Item> claims = new SeenClaims<>(pool, SEEN);
        List<Item> items = items(2);
        assertThat(claims.claim("test", items, PublishOnce.CLAIM_TIMEOUT).await().indefinitely()).hasSize(2);
        assertThat(claims.claim("test", items, PublishOnce.CLAIM_TIMEOUT).await().indefinitely()).isEmpty();
        pool.preparedQuery("UPDATE " + TABLE + " SET claimed_at = now() - interval '1 hour' WHERE item_id = ANY($1)")
                .execute(Tuple.of(new String[] { items.get(0).id(), items.get(1).id() })).await().indefinitely();
        claims.confirm("test", List.of(items.get(1).id())).await().indefinitely();
        // Found again under another ticker: the taker writes the ticker it found the item under.
        List<Item> again = List.of(new Item(items.get(0).id(), "MSFT"), items.get(1));
        assertThat(claims.claim("test", again, PublishOnce.CLAIM_TIMEOUT).await().indefinitely()).containsExactly(items.get(0).id());
        assertThat(pool.preparedQuery("SELECT ticker FROM " + TABLE + " WHERE item_id = $1").execute(Tuple.of(items.get(0).id()))
                .await().indefinitely().iterator().next().getString(0)).isEqualTo("MSFT");
        assertThat(state(items.get(1).id())).isEqualTo("sent");
    }

    @Test
    void aFailedSendConfirmsWhatWasAckedAndReleasesTheRestForTheNextPoll() {
        SeenClaims<Item> claims = new SeenClaims<>(pool, SEEN);
        PublishOnce<Item> once = new PublishOnce<>(claims, Item::id, Optional.empty());
        List<Item> items = items(3);
        List<Item> sent = new ArrayList<>();
        assertThatThrownBy(() -> once.publish("test", false, items, item -> {
            if (item.equals(items.get(1))) {
                return Uni.createFrom().failure(new IllegalStateException("kafka down"));
            }
            sent.add(item);
            return Uni.createFrom().voidItem();
        })).hasMessage("kafka down");
        assertThat(state(items.get(0).id())).isEqualTo("sent");
        assertThat(pool.preparedQuery("SELECT count(*) FROM " + TABLE + " WHERE item_id = ANY($1)")
                .execute(Tuple.of(new String[] { items.get(1).id(), items.get(2).id() })).await().indefinitely().iterator().next()
                .getLong(0)).isZero();
        // The next poll sends only what was not acked, and the one after that nothing.
        assertThat(once.publish("test", false, items, item -> Uni.createFrom().voidItem())).containsExactly(items.get(1), items.get(2));
        assertThat(once.publish("test", false, items, item -> Uni.createFrom().voidItem())).isEmpty();
        assertThat(sent).containsExactly(items.get(0));
    }

    @Test
    void aRestartWithinARecordedRunPublishesNothingAgainAndANewRunDropsTheEarlierRunsRows() {
        SeenClaims<Item> claims = new SeenClaims<>(pool, SEEN);
        List<Item> items = items(3);
        String run = "run-" + UUID.randomUUID();
        // Each PublishOnce is a process of its own: nothing in memory, as after a SIGKILL.
        assertThat(new PublishOnce<>(claims, Item::id, Optional.of(run)).publish("rec", true, items, i -> Uni.createFrom().voidItem()))
                .hasSize(3);
        assertThat(new PublishOnce<>(claims, Item::id, Optional.of(run)).publish("rec", true, items, i -> Uni.createFrom().voidItem()))
                .isEmpty();
        PublishOnce<Item> next = new PublishOnce<>(claims, Item::id, Optional.of("run-" + UUID.randomUUID()));
        assertThat(next.publish("rec", true, items, i -> Uni.createFrom().voidItem())).hasSize(3);
        assertThat(claims.count(next.namespace("rec", true)).await().indefinitely()).isEqualTo(3);
        assertThat(claims.count(new PublishOnce<>(claims, Item::id, Optional.of(run)).namespace("rec", true)).await().indefinitely()).isZero();
        // Live state is another namespace: the recorded runs never touch it.
        assertThat(claims.count("rec").await().indefinitely()).isZero();
    }
}
