package io.marketflow.ingest.news.messaging;

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
 * Delivers one response's normalized items: rejections to the dead-letter topic, articles not yet in
 * {@code news_seen} to the topic, then records them there once Kafka acknowledged them. Blocking: pollers run on
 * worker threads.
 */
@ApplicationScoped
public class ArticleDelivery {

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
        Set<String> known = seen.known(namespace, List.copyOf(candidates.keySet())).await().indefinitely();
        List<NewsArticle> fresh = new ArrayList<>();
        for (NewsArticle article : candidates.values()) {
            if (!known.contains(article.id())) {
                fresh.add(article);
            }
        }
        int duplicates = items.size() - fresh.size() - (int) items.stream().filter(i -> !i.accepted()).count();
        publisher.duplicates(provider, duplicates);
        for (NewsArticle article : fresh) {
            publisher.publish(article, modeName).await().indefinitely();
        }
        seen.markSeen(namespace, fresh).await().indefinitely();
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
