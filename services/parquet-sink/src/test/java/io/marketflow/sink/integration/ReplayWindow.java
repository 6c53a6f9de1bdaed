package io.marketflow.sink.integration;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import io.marketflow.localstack.StackAddresses;
import io.marketflow.sink.domain.CutMarker;

/**
 * Kills a sink process inside the replay window, as the fault-injection tests need: while one of its partitions has a
 * write-ahead {@code cut=E} marker committed and not yet its final commit. A kill that lands before the first cut, or
 * between cuts, tests a restart but not a replay; {@link #killInWindow} says which one it was.
 */
final class ReplayWindow {

    private ReplayWindow() {
    }

    /**
     * Watches the group's committed offsets until a partition among {@code candidates} shows a marker it did not have
     * before, then kills the process with SIGKILL at once (or when {@code atMost} has passed without one).
     *
     * @param stack the test stack
     * @param group the sink's consumer group
     * @param process the sink to kill
     * @param candidates the partitions that process owns (asked again on every look), null for any partition
     * @param atMost longest wait for a marker
     * @return true when, after the process died, a marker it committed was still there without its final commit
     * @throws Exception when the broker cannot be asked
     */
    static boolean killInWindow(StackAddresses stack, String group, Process process, Supplier<Set<TopicPartition>> candidates,
                                Duration atMost) throws Exception {
        try (Admin admin = PackagedSink.admin(stack)) {
            Map<TopicPartition, OffsetAndMetadata> before = committed(admin, group);
            long deadline = System.nanoTime() + atMost.toNanos();
            Set<TopicPartition> owned = null;
            // Each look is a broker round trip: that paces the loop.
            while (System.nanoTime() < deadline && process.isAlive()) {
                owned = candidates == null ? null : candidates.get();
                if (newMarker(before, committed(admin, group), owned) != null) {
                    break;
                }
            }
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            // Still there once the process is dead: its final commit never went out, the next owner must replay it.
            return newMarker(before, committed(admin, group), owned) != null;
        }
    }

    private static TopicPartition newMarker(Map<TopicPartition, OffsetAndMetadata> before, Map<TopicPartition, OffsetAndMetadata> now,
                                            Set<TopicPartition> owned) {
        for (Map.Entry<TopicPartition, OffsetAndMetadata> e : now.entrySet()) {
            OffsetAndMetadata c = e.getValue();
            if (c != null && CutMarker.parse(c.metadata()).isPresent() && !c.equals(before.get(e.getKey()))
                    && (owned == null || owned.contains(e.getKey()))) {
                return e.getKey();
            }
        }
        return null;
    }

    private static Map<TopicPartition, OffsetAndMetadata> committed(Admin admin, String group) throws InterruptedException, ExecutionException {
        return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
    }

    /**
     * @param stack the test stack
     * @param group a consumer group
     * @param clientId a member's {@code client.id}
     * @return the partitions assigned to that member now, empty when it has none or is gone
     */
    static Set<TopicPartition> assignedTo(StackAddresses stack, String group, String clientId) {
        try (Admin admin = PackagedSink.admin(stack)) {
            return admin.describeConsumerGroups(Set.of(group)).all().get().get(group).members().stream()
                    .filter(m -> m.clientId().equals(clientId))
                    .flatMap(m -> m.assignment().topicPartitions().stream())
                    .collect(java.util.stream.Collectors.toSet());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Set.of();
        } catch (ExecutionException e) {
            return Set.of();
        }
    }
}
