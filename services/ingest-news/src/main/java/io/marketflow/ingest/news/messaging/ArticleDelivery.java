package io.marketflow.ingest.news.messaging;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.marketflow.contract.NewsArticle;
import io.marketflow.ingest.news.config.NewsConfig;
import io.marketflow.ingest.news.config.NewsConfig.Mode;
import io.marketflow.ingest.news.domain.Normalized;
import io.marketflow.ingest.news.repository.SeenArticlesRepository;

/**
 * Delivers one response's normalized items: rejections to the dead-letter topic; articles it claims in
 * {@code news_seen} to the topic, each claim confirmed once Kafka acknowledged it. The claim is atomic in PostgreSQL,
 * so replicas polling the same tickers publish an article once; a claim left pending by a crash is taken over after
 * {@link #CLAIM_TIMEOUT} when the article is returned again (Finnhub returns the last two days on every poll). The
 * recorded replay's state is kept per local run ({@code marketflow.news.recorded-run}), so a restart within a run
 * publishes nothing again and a new run replays the recorded set once. Blocking: pollers run on worker threads.
 */
@ApplicationScoped
public class ArticleDelivery {

    /**
     * Age after which a pending claim counts as abandoned: well above a response's claim-to-ack time (milliseconds when
     * Kafka is up; a record that fails within the producer's 2 min delivery timeout releases its response's claims).
     */
    public static final Duration CLAIM_TIMEOUT = Duration.ofMinutes(10);

    /** Start of a recorded run's namespace, after the provider; the rest is {@link #runDigest(String)}. */
    static final String RUN_INFIX = "-run-";

    private final SeenArticlesRepository seen;
    private final NewsPublisher publisher;
    private final Optional<String> recordedRun;
    private final Set<String> pruned = java.util.concurrent.ConcurrentHashMap.newKeySet();

    @Inject
    public ArticleDelivery(SeenArticlesRepository seen, NewsPublisher publisher, NewsConfig config) {
        this(seen, publisher, config.recordedRun());
    }

    /**
     * @param seen the claims in {@code news_seen}
     * @param publisher the producer
     * @param recordedRun the local run the recorded replay belongs to; empty: one recorded state, kept for good
     */
    public ArticleDelivery(SeenArticlesRepository seen, NewsPublisher publisher, Optional<String> recordedRun) {
        this.seen = seen;
        this.publisher = publisher;
        this.recordedRun = recordedRun.map(String::trim).filter(run -> !run.isEmpty());
    }

    /**
     * @param provider {@code finnhub} or {@code newsapi}
     * @param mode live or recorded (recorded state lives under {@link #namespace(String, Mode)})
     * @param ticker the key of dead letters
     * @param items the response's items
     * @return articles published
     */
    public int deliver(String provider, Mode mode, String ticker, List<Normalized> items) {
        String modeName = mode.name().toLowerCase(java.util.Locale.ROOT);
        Map<String, NewsArticle> candidates = new LinkedHashMap<>();
        for (Normalized item : items) {
            if (item.accepted()) {
                candidates.putIfAbsent(item.article().id(), item.article());
            } else {
                publisher.reject(provider, ticker, item.raw(), item.reason(), modeName).await().indefinitely();
            }
        }
        String namespace = namespace(provider, mode);
        if (mode == Mode.RECORDED && recordedRun.isPresent() && pruned.add(namespace)) {
            // Earlier runs' rows are never read again (their namespace names another run): drop them, once per process,
            // so the table does not grow with every local run. The current run's rows are never deleted, which is what
            // keeps a restart (SIGKILL or not) from publishing the recorded set a second time; the earlier code cleared
            // the recorded state at every process start and so re-published everything after a restart.
            seen.forgetOthers(provider + RUN_INFIX, namespace).await().indefinitely();
        }
        List<NewsArticle> all = List.copyOf(candidates.values());
        Set<String> claimed = seen.claim(namespace, all, CLAIM_TIMEOUT).await().indefinitely();
        List<NewsArticle> fresh = all.stream().filter(article -> claimed.contains(article.id())).toList();
        int duplicates = items.size() - fresh.size() - (int) items.stream().filter(i -> !i.accepted()).count();
        publisher.duplicates(provider, duplicates);
        List<String> acked = new ArrayList<>();
        try {
            for (NewsArticle article : fresh) {
                publisher.publish(article, modeName).await().indefinitely();
                acked.add(article.id());
            }
        } catch (RuntimeException e) {
            // Kafka refused or timed out: keep what was acked, hand the rest back for the next poll.
            seen.confirm(namespace, acked).await().indefinitely();
            seen.release(namespace, fresh.stream().map(NewsArticle::id).filter(id -> !acked.contains(id)).toList()).await().indefinitely();
            throw e;
        }
        seen.confirm(namespace, acked).await().indefinitely();
        return fresh.size();
    }

    /**
     * @param provider the provider
     * @param mode its mode
     * @return the {@code news_seen.provider} value: the provider live; recorded, {@code <provider>-run-<digest of the
     *         run id>} with a run id and {@code <provider>-recorded} without one
     */
    public String namespace(String provider, Mode mode) {
        if (mode != Mode.RECORDED) {
            return provider;
        }
        return recordedRun.map(run -> provider + RUN_INFIX + runDigest(run)).orElse(provider + "-recorded");
    }

    /**
     * The run id as 8 hex digits of its SHA-256: {@code news_seen.provider} is {@code VARCHAR(20)}, and
     * {@code finnhub-run-} plus 8 fits any run id without a migration; two run ids sharing a digest (1 in 4 billion)
     * would only mean a replay that publishes nothing.
     *
     * @param run a run id
     * @return its digest
     */
    static String runDigest(String run) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(run.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
