package io.marketflow.ingest.social.messaging;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.marketflow.ingest.social.config.SocialConfig;
import io.marketflow.ingest.social.config.SocialConfig.Mode;
import io.marketflow.ingest.social.domain.Normalized;
import io.marketflow.ingest.social.repository.SeenPostsRepository;
import io.marketflow.seen.PublishOnce;

/**
 * Delivers one page's normalized items: rejections to the dead-letter topic; posts through the shared
 * {@link PublishOnce} claim protocol on {@code social_seen}, so replicas polling the same keywords publish a post once
 * and a claim left pending by a crash is taken over when the post is found again. A post found by two keywords is
 * published once, under the first (as the original deduplicated on cid). The recorded replay's state is kept per local
 * run ({@code marketflow.social.recorded-run}). Blocking: pollers run on worker threads.
 */
@ApplicationScoped
public class PostDelivery {

    private final SocialPublisher publisher;
    private final PublishOnce<Normalized> once;

    @Inject
    public PostDelivery(SeenPostsRepository seen, SocialPublisher publisher, SocialConfig config) {
        this(seen, publisher, config.recordedRun());
    }

    /**
     * @param seen the claims in {@code social_seen}
     * @param publisher the producer
     * @param recordedRun the local run the recorded replay belongs to; empty: one recorded state, kept for good
     */
    public PostDelivery(SeenPostsRepository seen, SocialPublisher publisher, Optional<String> recordedRun) {
        this.publisher = publisher;
        this.once = new PublishOnce<>(seen, item -> item.post().id(), recordedRun);
    }

    /** What a page delivered. @param published new posts sent @param duplicates posts already sent before */
    public record Delivered(int published, int duplicates) {
    }

    /**
     * @param platform {@code bluesky} or {@code x}
     * @param mode live or recorded (recorded state lives under {@link #namespace(String, Mode)})
     * @param keyword the key of dead letters
     * @param items the page's items
     * @return what was published and what was already known
     */
    public Delivered deliver(String platform, Mode mode, String keyword, List<Normalized> items) {
        String modeName = mode.name().toLowerCase(Locale.ROOT);
        Map<String, Normalized> candidates = new LinkedHashMap<>();
        for (Normalized item : items) {
            if (item.accepted()) {
                candidates.putIfAbsent(item.post().id(), item);
            } else {
                publisher.reject(platform, keyword, item.raw(), item.reason(), modeName).await().indefinitely();
            }
        }
        int published = once.publish(platform, mode == Mode.RECORDED, List.copyOf(candidates.values()),
                item -> publisher.publish(item.post(), modeName)).size();
        int duplicates = candidates.size() - published;
        publisher.duplicates(platform, duplicates);
        return new Delivered(published, duplicates);
    }

    /**
     * @param platform the platform
     * @param mode its mode
     * @return the {@code social_seen.platform} value: the platform live; recorded, {@code <platform>-run-<digest of
     *         the run id>} with a run id and {@code <platform>-recorded} without one
     */
    public String namespace(String platform, Mode mode) {
        return once.namespace(platform, mode == Mode.RECORDED);
    }
}
