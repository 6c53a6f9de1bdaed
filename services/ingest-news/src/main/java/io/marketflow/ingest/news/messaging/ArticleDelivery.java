package io.marketflow.ingest.news.messaging;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.marketflow.contract.NewsArticle;
import io.marketflow.ingest.news.config.NewsConfig.Mode;
import io.marketflow.ingest.news.domain.Normalized;
import io.marketflow.ingest.news.repository.SeenArticlesRepository;

/**
 * Delivers one response's normalized items: rejections to the dead-letter topic; articles it claims in
 * {@code news_seen} to the topic, each claim confirmed once Kafka acknowledged it. The claim is atomic in PostgreSQL,
 * so replicas polling the same tickers publish an article once; a claim left pending by a crash is taken over after
 * {@link #CLAIM_TIMEOUT} when the article is returned again (Finnhub returns the last two days on every poll).
 * Blocking: pollers run on worker threads.
 */
@ApplicationScoped
public class ArticleDelivery {

    /**
     * Age after which a pending claim counts as abandoned: well above a response's claim-to-ack time (milliseconds when
     * Kafka is up; a record that fails within the producer's 2 min delivery timeout releases its response's claims).
     */
    public static final Duration CLAIM_TIMEOUT = Duration.ofMinutes(10);

    private final SeenArticlesRepository seen;
    private final NewsPublisher publisher;
    private final Set<String> replayStarted = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public ArticleDelivery(SeenArticlesRepository seen, NewsPublisher publisher) {
        this.seen = seen;
        this.publisher = publisher;
    }

    /**
     * @param provider {@code finnhub} or {@code newsapi}
     * @param mode live or recorded (recorded state lives under {@code <provider>-recorded})
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
        if (mode == Mode.RECORDED && replayStarted.add(namespace)) {
            // A replay starts over with each process, so every local run shows the recorded set flowing once.
            seen.forget(namespace).await().indefinitely();
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
     * @return the {@code news_seen.provider} value: the recorded replay keeps its own, cleared at startup
     */
    public static String namespace(String provider, Mode mode) {
        return mode == Mode.RECORDED ? provider + "-recorded" : provider;
    }
}
