package io.marketflow.ingest.news.messaging;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.marketflow.contract.NewsArticle;
import io.marketflow.ingest.news.config.NewsConfig;
import io.marketflow.ingest.news.config.NewsConfig.Mode;
import io.marketflow.ingest.news.domain.Normalized;
import io.marketflow.ingest.news.repository.SeenArticlesRepository;
import io.marketflow.seen.PublishOnce;

/**
 * Delivers one response's normalized items: rejections to the dead-letter topic; articles through the shared
 * {@link PublishOnce} claim protocol on {@code news_seen}, so replicas polling the same tickers publish an article once
 * and a claim left pending by a crash is taken over when the article is returned again (Finnhub returns the last two
 * days on every poll). The recorded replay's state is kept per local run ({@code marketflow.news.recorded-run}).
 * Blocking: pollers run on worker threads.
 */
@ApplicationScoped
public class ArticleDelivery {

    private final NewsPublisher publisher;
    private final PublishOnce<NewsArticle> once;

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
        this.publisher = publisher;
        this.once = new PublishOnce<>(seen, NewsArticle::id, recordedRun);
    }

    /**
     * @param provider {@code finnhub} or {@code newsapi}
     * @param mode live or recorded (recorded state lives under {@link #namespace(String, Mode)})
     * @param ticker the key of dead letters
     * @param items the response's items
     * @return articles published
     */
    public int deliver(String provider, Mode mode, String ticker, List<Normalized> items) {
        String modeName = mode.name().toLowerCase(Locale.ROOT);
        Map<String, NewsArticle> candidates = new LinkedHashMap<>();
        for (Normalized item : items) {
            if (item.accepted()) {
                candidates.putIfAbsent(item.article().id(), item.article());
            } else {
                publisher.reject(provider, ticker, item.raw(), item.reason(), modeName).await().indefinitely();
            }
        }
        int published = once.publish(provider, mode == Mode.RECORDED, List.copyOf(candidates.values()),
                article -> publisher.publish(article, modeName)).size();
        publisher.duplicates(provider, items.size() - published - (int) items.stream().filter(i -> !i.accepted()).count());
        return published;
    }

    /**
     * @param provider the provider
     * @param mode its mode
     * @return the {@code news_seen.provider} value: the provider live; recorded, {@code <provider>-run-<digest of the
     *         run id>} with a run id and {@code <provider>-recorded} without one
     */
    public String namespace(String provider, Mode mode) {
        return once.namespace(provider, mode == Mode.RECORDED);
    }
}
