package io.marketflow.ingest.social.messaging;

import java.nio.charset.StandardCharsets;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.marketflow.contract.SocialPost;
import io.marketflow.ingest.social.domain.PostNormalizer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Sends posts to their platform's topic keyed by keyword and rejected items to its {@code .dlq} with the header
 * {@code reason}; every record carries the header {@code mode} ({@code live} or {@code recorded}), every post the header
 * {@code scope} ({@code company} or {@code general}).
 */
@ApplicationScoped
public class SocialPublisher {

    /** Outgoing channel of Bluesky posts (topic {@code bluesky}). */
    public static final String BLUESKY_CHANNEL = "bluesky";
    /** Outgoing channel of Bluesky's rejected items (topic {@code bluesky.dlq}). */
    public static final String BLUESKY_DLQ_CHANNEL = "bluesky-dlq";
    /** Outgoing channel of X posts (topic {@code x_posts}). */
    public static final String X_CHANNEL = "x-posts";
    /** Outgoing channel of X's rejected items (topic {@code x_posts.dlq}). */
    public static final String X_DLQ_CHANNEL = "x-posts-dlq";
    /** Header with the rejection reason (the name the sink's dead letters use too). */
    public static final String REASON_HEADER = "reason";
    /** Header saying whether the record came from the live API or the recorded replay. */
    public static final String MODE_HEADER = "mode";
    /**
     * Header saying what the post counts for: {@code company} (its ticker: a company keyword matched, or a general
     * keyword's post names the company) or {@code general} (no company: it feeds the {@code sentiment_general_*} features).
     */
    public static final String SCOPE_HEADER = "scope";
    /** Posts handled; tags {@code platform}, {@code outcome} (published, duplicate, rejected). */
    public static final String POSTS = "marketflow.social.posts";
    /** Each platform's mode, so a dashboard tells a recorded replay from live data: 1, tags {@code platform}, {@code mode} (live, recorded, off). */
    public static final String MODE = "marketflow.social.mode";

    private final MutinyEmitter<SocialPost> bluesky;
    private final MutinyEmitter<String> blueskyDlq;
    private final MutinyEmitter<SocialPost> x;
    private final MutinyEmitter<String> xDlq;
    private final MeterRegistry registry;

    public SocialPublisher(@Channel(BLUESKY_CHANNEL) MutinyEmitter<SocialPost> bluesky, @Channel(BLUESKY_DLQ_CHANNEL) MutinyEmitter<String> blueskyDlq,
            @Channel(X_CHANNEL) MutinyEmitter<SocialPost> x, @Channel(X_DLQ_CHANNEL) MutinyEmitter<String> xDlq, MeterRegistry registry) {
        this.bluesky = bluesky;
        this.blueskyDlq = blueskyDlq;
        this.x = x;
        this.xDlq = xDlq;
        this.registry = registry;
    }

    /**
     * @param post the post (its platform picks the topic)
     * @param mode {@code live} or {@code recorded}
     * @return completes when Kafka acknowledged it
     */
    public Uni<Void> publish(SocialPost post, String mode) {
        MutinyEmitter<SocialPost> emitter = PostNormalizer.X.equals(post.platform()) ? x : bluesky;
        OutgoingKafkaRecordMetadata<String> metadata = metadata(post.keyword(), mode, null);
        metadata.getHeaders().add(SCOPE_HEADER, (post.ticker() == null ? "general" : "company").getBytes(StandardCharsets.UTF_8));
        return emitter.sendMessage(Message.of(post).addMetadata(metadata))
                .invoke(() -> count(post.platform(), "published"));
    }

    /**
     * @param platform {@code bluesky} or {@code x}
     * @param keyword the key
     * @param raw the item as received
     * @param reason why it was rejected
     * @param mode {@code live} or {@code recorded}
     * @return completes when Kafka acknowledged it
     */
    public Uni<Void> reject(String platform, String keyword, String raw, String reason, String mode) {
        MutinyEmitter<String> emitter = PostNormalizer.X.equals(platform) ? xDlq : blueskyDlq;
        return emitter.sendMessage(Message.of(raw).addMetadata(metadata(keyword, mode, reason)))
                .invoke(() -> count(platform, "rejected"));
    }

    /**
     * @param platform the platform
     * @param n duplicates skipped
     */
    public void duplicates(String platform, int n) {
        registry.counter(POSTS, "platform", platform, "outcome", "duplicate").increment(n);
    }

    /**
     * @param registry the registry
     * @param platform {@code bluesky} or {@code x}
     * @param mode {@code live}, {@code recorded} or {@code off}
     */
    public static void registerMode(MeterRegistry registry, String platform, String mode) {
        Gauge.builder(MODE, () -> 1).tag("platform", platform).tag("mode", mode).register(registry);
    }

    private void count(String platform, String outcome) {
        registry.counter(POSTS, "platform", platform, "outcome", outcome).increment();
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
