package io.marketflow.sink.messaging;

import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.apache.kafka.common.TopicPartition;

/**
 * Pauses or resumes partitions while the group may be taking some of them away.
 *
 * <p>With {@code group.protocol=consumer} the assignment changes on the consumer's background thread: a partition read
 * from {@code paused()} or {@code assignment()} can be gone by the time {@code pause}/{@code resume} reaches that thread
 * (a failed reconciliation, seen in a rebalance during an S3 outage), and Kafka throws
 * {@code IllegalStateException: No current assignment for partition}. Such a partition is no longer this member's, so
 * there is nothing to pause or resume: the call is applied again to what is still assigned, instead of ending the poll
 * loop (which left the sink alive but consuming nothing).
 */
final class AssignedPartitions {

    private AssignedPartitions() {
    }

    /**
     * @param partitions what to pause or resume
     * @param assignment the consumer's current assignment, read again after a refusal
     * @param operation {@code consumer::pause} or {@code consumer::resume}
     * @throws IllegalStateException when the operation fails although every partition is still assigned (a real error)
     */
    static void apply(Set<TopicPartition> partitions, Supplier<Set<TopicPartition>> assignment,
            Consumer<Set<TopicPartition>> operation) {
        Set<TopicPartition> remaining = new HashSet<>(partitions);
        while (!remaining.isEmpty()) {
            try {
                operation.accept(remaining);
                return;
            } catch (IllegalStateException e) {
                int before = remaining.size();
                remaining.retainAll(assignment.get());
                if (remaining.size() == before) {
                    throw e;
                }
            }
        }
    }
}
