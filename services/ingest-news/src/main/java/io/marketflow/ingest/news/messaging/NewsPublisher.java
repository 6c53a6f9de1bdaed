package io.marketflow.ingest.news.messaging;

import java.nio.charset.StandardCharsets;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.marketflow.contract.NewsArticle;
import io.marketflow.ingest.news.domain.ArticleNormalizer;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Sends articles to their provider's topic keyed by ticker and rejected items to its {@code .dlq} with the header
 * {@code reason}; every record carries the header {@code mode} ({@code live} or {@code recorded}).
 */
@ApplicationScoped
public class NewsPublisher {

    /** Outgoing channel of Finnhub articles (topic {@code finnhub}). */
    public static final String FINNHUB_CHANNEL = "finnhub";
    /** Outgoing channel of Finnhub's rejected items (topic {@code finnhub.dlq}). */
    public static final String FINNHUB_DLQ_CHANNEL = "finnhub-dlq";
    /** Outgoing channel of NewsAPI articles (topic {@code newsapi}). */
    public static final String NEWSAPI_CHANNEL = "newsapi";
    /** Outgoing channel of NewsAPI's rejected items (topic {@code newsapi.dlq}). */
    public static final String NEWSAPI_DLQ_CHANNEL = "newsapi-dlq";
    /** Header with the rejection reason (the name the sink's dead letters use too). */
    public static final String REASON_HEADER = "reason";
    /** Header saying whether the record came from the live API or the recorded replay. */
    public static final String MODE_HEADER = "mode";
    /** Records Kafka acknowledged, tag {@code topic}: the name ingest-market uses, so the local run's progress line shows them. */
    public static final String PRODUCED = "marketflow.records.produced";
    /** Sends Kafka refused or timed out, tag {@code topic}. */
    public static final String SEND_ERRORS = "marketflow.send.errors";
    /** Articles handled; tags {@code provider}, {@code outcome} (published, duplicate, rejected). */
    public static final String ARTICLES = "marketflow.news.articles";

    private final MutinyEmitter<NewsArticle> finnhub;
    private final MutinyEmitter<String> finnhubDlq;
    private final MutinyEmitter<NewsArticle> newsapi;
    private final MutinyEmitter<String> newsapiDlq;
    private final MeterRegistry registry;

    public NewsPublisher(@Channel(FINNHUB_CHANNEL) MutinyEmitter<NewsArticle> finnhub,
            @Channel(FINNHUB_DLQ_CHANNEL) MutinyEmitter<String> finnhubDlq,
            @Channel(NEWSAPI_CHANNEL) MutinyEmitter<NewsArticle> newsapi,
            @Channel(NEWSAPI_DLQ_CHANNEL) MutinyEmitter<String> newsapiDlq, MeterRegistry registry) {
        this.finnhub = finnhub;
        this.finnhubDlq = finnhubDlq;
        this.newsapi = newsapi;
        this.newsapiDlq = newsapiDlq;
        this.registry = registry;
    }

    /**
     * @param article the article (its provider picks the topic)
     * @param mode {@code live} or {@code recorded}
     * @return completes when Kafka acknowledged it
     */
    public Uni<Void> publish(NewsArticle article, String mode) {
        MutinyEmitter<NewsArticle> emitter = ArticleNormalizer.NEWSAPI.equals(article.provider()) ? newsapi : finnhub;
        String topic = ArticleNormalizer.NEWSAPI.equals(article.provider()) ? NEWSAPI_CHANNEL : FINNHUB_CHANNEL;
        return emitter.sendMessage(Message.of(article).addMetadata(metadata(article.ticker(), mode, null)))
                .invoke(() -> {
                    count(article.provider(), "published");
                    registry.counter(PRODUCED, "topic", topic).increment();
                })
                .onFailure().invoke(e -> registry.counter(SEND_ERRORS, "topic", topic).increment());
    }

    /**
     * @param provider {@code finnhub} or {@code newsapi}
     * @param ticker the key
     * @param raw the item as received
     * @param reason why it was rejected
     * @param mode {@code live} or {@code recorded}
     * @return completes when Kafka acknowledged it
     */
    public Uni<Void> reject(String provider, String ticker, String raw, String reason, String mode) {
        MutinyEmitter<String> emitter = ArticleNormalizer.NEWSAPI.equals(provider) ? newsapiDlq : finnhubDlq;
        return emitter.sendMessage(Message.of(raw).addMetadata(metadata(ticker, mode, reason)))
                .invoke(() -> count(provider, "rejected"));
    }

    /**
     * @param provider the provider
     * @param n duplicates skipped
     */
    public void duplicates(String provider, int n) {
        registry.counter(ARTICLES, "provider", provider, "outcome", "duplicate").increment(n);
    }

    private void count(String provider, String outcome) {
        registry.counter(ARTICLES, "provider", provider, "outcome", outcome).increment();
    }

    private static OutgoingKafkaRecordMetadata<String> metadata(String key, String mode, String reason) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(MODE_HEADER, mode.getBytes(StandardCharsets.UTF_8));
        if (reason != null) {
            headers.add(REASON_HEADER, reason.getBytes(StandardCharsets.UTF_8));
        }
        return OutgoingKafkaRecordMetadata.<String> builder().withKey(key).withHeaders(headers).build();
    }
}
