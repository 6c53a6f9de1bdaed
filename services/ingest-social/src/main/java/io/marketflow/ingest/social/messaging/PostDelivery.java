package io.marketflow.ingest.social.messaging;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.marketflow.ingest.social.config.SocialConfig.Mode;
import io.marketflow.ingest.social.domain.Normalized;
import io.marketflow.ingest.social.repository.SeenPostsRepository;

/**
 * Delivers one page's normalized items: rejections to the dead-letter topic; posts it claims in {@code social_seen} to
 * the topic, each claim confirmed once Kafka acknowledged it. The claim is atomic in PostgreSQL, so replicas polling
 * the same keywords publish a post once; a claim left pending by a crash is taken over after {@link #CLAIM_TIMEOUT}
 * when the post is found again. A post found by two keywords is published once, under the first (as the original
 * deduplicated on cid). Blocking: pollers run on worker threads.
 */
@ApplicationScoped
public class PostDelivery {

    /**
     * Age after which a pending claim counts as abandoned: well above a page's claim-to-ack time (milliseconds when
     * Kafka is up; a record that fails within the producer's 2 min delivery timeout releases its page's claims).
     */
    public static final Duration CLAIM_TIMEOUT = Duration.ofMinutes(10);

    private final SeenPostsRepository seen;
    private final SocialPublisher publisher;
    private final Set<String> replayStarted = ConcurrentHashMap.newKeySet();

    public PostDelivery(SeenPostsRepository seen, SocialPublisher publisher) {
        this.seen = seen;
        this.publisher = publisher;
    }

    /** What a page delivered. @param published new posts sent @param duplicates posts already sent before */
    public record Delivered(int published, int duplicates) {
    }

    /**
     * @param platform {@code bluesky} or {@code x}
     * @param mode live or recorded (recorded state lives under {@code <platform>-recorded})
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
        String namespace = namespace(platform, mode);
        if (mode == Mode.RECORDED && replayStarted.add(namespace)) {
            // A replay starts over with each process, so every local run shows the recorded set flowing once.
            seen.forget(namespace).await().indefinitely();
        }
        List<Normalized> all = List.copyOf(candidates.values());
        Set<String> claimed = seen.claim(namespace, all, CLAIM_TIMEOUT).await().indefinitely();
        List<Normalized> fresh = all.stream().filter(item -> claimed.contains(item.post().id())).toList();
        int duplicates = candidates.size() - fresh.size();
        publisher.duplicates(platform, duplicates);
        List<String> acked = new ArrayList<>();
        try {
            for (Normalized item : fresh) {
                publisher.publish(item.post(), modeName).await().indefinitely();
                acked.add(item.post().id());
            }
        } catch (RuntimeException e) {
            // Kafka refused or timed out: keep what was acked, hand the rest back for the next poll.
            seen.confirm(namespace, acked).await().indefinitely();
            seen.release(namespace, fresh.stream().map(item -> item.post().id()).filter(id -> !acked.contains(id)).toList())
                    .await().indefinitely();
            throw e;
        }
        seen.confirm(namespace, acked).await().indefinitely();
        return new Delivered(fresh.size(), duplicates);
    }

    /**
     * @param platform the platform
     * @param mode its mode
     * @return the {@code social_seen.platform} value: the recorded replay keeps its own, cleared at startup
     */
    public static String namespace(String platform, Mode mode) {
        return mode == Mode.RECORDED ? platform + "-recorded" : platform;
    }
}
