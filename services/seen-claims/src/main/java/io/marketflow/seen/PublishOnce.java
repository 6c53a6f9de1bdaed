package io.marketflow.seen;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import io.smallrye.mutiny.Uni;

/**
 * The claim protocol around one response's items: claim in PostgreSQL, send what was claimed, confirm each acked item,
 * release the rest when a send fails. The claim is atomic, so replicas polling the same source publish an item once; a
 * claim left pending by a crash is taken over after {@link #CLAIM_TIMEOUT} when the item is found again. The recorded
 * replay's state is kept per local run, so a restart within a run publishes nothing again and a new run replays the
 * recorded set once. Blocking: pollers run on worker threads.
 *
 * @param <T> the item
 */
public final class PublishOnce<T> {

    /**
     * Age after which a pending claim counts as abandoned: well above a response's claim-to-ack time (milliseconds when
     * Kafka is up; a record that fails within the producer's 2 min delivery timeout releases its response's claims).
     */
    public static final Duration CLAIM_TIMEOUT = Duration.ofMinutes(10);

    private final SeenClaims<T> seen;
    private final Function<T, String> id;
    private final RecordedRun recordedRun;
    private final Set<String> pruned = ConcurrentHashMap.newKeySet();

    /**
     * @param seen the claims
     * @param id an item's id, as {@code seen} stores it
     * @param recordedRun the local run the recorded replay belongs to; empty or blank: one recorded state, kept for good
     */
    public PublishOnce(SeenClaims<T> seen, Function<T, String> id, Optional<String> recordedRun) {
        this.seen = seen;
        this.id = id;
        this.recordedRun = new RecordedRun(recordedRun);
    }

    /**
     * @param source the provider or platform
     * @param recorded true for the recorded replay (its state lives under {@link #namespace(String, boolean)})
     * @param candidates the response's accepted items, one per id
     * @param send sends one item; its Uni completes on Kafka's ack
     * @return the items this caller claimed and sent; the others were published before or are claimed by another
     * @throws RuntimeException what {@code send} failed with, after the acked items were confirmed and the rest released
     */
    public List<T> publish(String source, boolean recorded, List<T> candidates, Function<T, Uni<?>> send) {
        String namespace = namespace(source, recorded);
        if (recorded && recordedRun.run().isPresent() && pruned.add(namespace)) {
            // Earlier runs' rows are never read again (their namespace names another run): drop them, once per process,
            // so the table does not grow with every local run. The current run's rows are never deleted, which is what
            // keeps a restart (SIGKILL or not) from publishing the recorded set a second time.
            seen.forgetOthers(RecordedRun.runPrefix(source), namespace).await().indefinitely();
        }
        Set<String> claimed = seen.claim(namespace, candidates, CLAIM_TIMEOUT).await().indefinitely();
        List<T> fresh = candidates.stream().filter(item -> claimed.contains(id.apply(item))).toList();
        List<String> acked = new ArrayList<>();
        try {
            for (T item : fresh) {
                send.apply(item).await().indefinitely();
                acked.add(id.apply(item));
            }
        } catch (RuntimeException e) {
            // Kafka refused or timed out: keep what was acked, hand the rest back for the next poll.
            seen.confirm(namespace, acked).await().indefinitely();
            seen.release(namespace, fresh.stream().map(id).filter(i -> !acked.contains(i)).toList()).await().indefinitely();
            throw e;
        }
        seen.confirm(namespace, acked).await().indefinitely();
        return fresh;
    }

    /**
     * @param source the provider or platform
     * @param recorded true for the recorded replay
     * @return the namespace value: the source live; recorded, {@code <source>-run-<digest of the run id>} with a run id
     *         and {@code <source>-recorded} without one
     */
    public String namespace(String source, boolean recorded) {
        return recorded ? recordedRun.namespace(source) : source;
    }

}
