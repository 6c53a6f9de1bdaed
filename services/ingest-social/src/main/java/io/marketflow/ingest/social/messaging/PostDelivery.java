package io.marketflow.ingest.social.messaging;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.marketflow.ingest.social.config.SocialConfig;
import io.marketflow.ingest.social.config.SocialConfig.Mode;
import io.marketflow.ingest.social.domain.Normalized;
import io.marketflow.ingest.social.repository.SeenPostsRepository;

/**
 * Delivers one page's normalized items: rejections to the dead-letter topic; posts it claims in {@code social_seen} to
 * the topic, each claim confirmed once Kafka acknowledged it. The claim is atomic in PostgreSQL, so replicas polling
 * the same keywords publish a post once; a claim left pending by a crash is taken over after {@link #CLAIM_TIMEOUT}
 * when the post is found again. A post found by two keywords is published once, under the first (as the original
 * deduplicated on cid). The recorded replay's state is kept per local run ({@code marketflow.social.recorded-run}), so
 * a restart within a run publishes nothing again and a new run replays the recorded set once. Blocking: pollers run
 * on worker threads.
 */
@ApplicationScoped
public class PostDelivery {

    /**
     * Age after which a pending claim counts as abandoned: well above a page's claim-to-ack time (milliseconds when
     * Kafka is up; a record that fails within the producer's 2 min delivery timeout releases its page's claims).
     */
    public static final Duration CLAIM_TIMEOUT = Duration.ofMinutes(10);

    /** Start of a recorded run's namespace, after the platform; the rest is {@link #runDigest(String)}. */
    static final String RUN_INFIX = "-run-";

    private final SeenPostsRepository seen;
    private final SocialPublisher publisher;
    private final Optional<String> recordedRun;
    private final Set<String> pruned = ConcurrentHashMap.newKeySet();

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
        this.seen = seen;
        this.publisher = publisher;
        this.recordedRun = recordedRun.map(String::trim).filter(run -> !run.isEmpty());
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
        String namespace = namespace(platform, mode);
        if (mode == Mode.RECORDED && recordedRun.isPresent() && pruned.add(namespace)) {
            // Earlier runs' rows are never read again (their namespace names another run): drop them, once per process,
            // so the table does not grow with every local run. The current run's rows are never deleted, which is what
            // keeps a restart (SIGKILL or not) from publishing the recorded posts a second time; the earlier code
            // cleared the recorded state at every process start and so re-published them after a restart.
            seen.forgetOthers(platform + RUN_INFIX, namespace).await().indefinitely();
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
     * @return the {@code social_seen.platform} value: the platform live; recorded, {@code <platform>-run-<digest of
     *         the run id>} with a run id and {@code <platform>-recorded} without one
     */
    public String namespace(String platform, Mode mode) {
        if (mode != Mode.RECORDED) {
            return platform;
        }
        return recordedRun.map(run -> platform + RUN_INFIX + runDigest(run)).orElse(platform + "-recorded");
    }

    /**
     * The run id as 8 hex digits of its SHA-256: {@code social_seen.platform} is {@code VARCHAR(20)}, and
     * {@code bluesky-run-} plus 8 fits any run id without a migration; two run ids sharing a digest (1 in 4 billion)
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
