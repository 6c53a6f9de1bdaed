package io.marketflow.sink.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class AssignedPartitionsTest {

    private static final TopicPartition P0 = new TopicPartition("t", 0);
    private static final TopicPartition P1 = new TopicPartition("t", 1);
    private static final TopicPartition P2 = new TopicPartition("t", 2);

    /** Behaves as the consumer does: refuses a set holding a partition that is not assigned any more. */
    private static final class Group {
        final Set<TopicPartition> assigned = new HashSet<>();
        final List<Set<TopicPartition>> applied = new ArrayList<>();

        void resume(Set<TopicPartition> partitions) {
            for (TopicPartition tp : partitions) {
                if (!assigned.contains(tp)) {
                    throw new IllegalStateException("No current assignment for partition " + tp);
                }
            }
            applied.add(Set.copyOf(partitions));
        }
    }

    @Test
    void appliesToEveryPartitionWhenTheAssignmentIsUnchanged() {
        Group group = new Group();
        group.assigned.addAll(Set.of(P0, P1));

        AssignedPartitions.apply(Set.of(P0, P1), () -> group.assigned, group::resume);

        assertThat(group.applied).containsExactly(Set.of(P0, P1));
    }

    @Test
    void appliesToThePartitionsStillAssignedWhenOneWasTakenAwayMeanwhile() {
        Group group = new Group();
        group.assigned.addAll(Set.of(P0, P2)); // P1 was revoked after the caller read its set

        AssignedPartitions.apply(Set.of(P0, P1, P2), () -> group.assigned, group::resume);

        assertThat(group.applied).containsExactly(Set.of(P0, P2));
    }

    @Test
    void doesNothingWhenNoneIsAssignedAnyMore() {
        Group group = new Group();

        AssignedPartitions.apply(Set.of(P0, P1), () -> group.assigned, group::resume);

        assertThat(group.applied).isEmpty();
    }

    @Test
    void rethrowsARefusalThatIsNotAboutTheAssignment() {
        Set<TopicPartition> assigned = Set.of(P0);

        assertThatThrownBy(() -> AssignedPartitions.apply(Set.of(P0), () -> assigned, p -> {
            throw new IllegalStateException("This consumer has already been closed.");
        })).hasMessageContaining("closed");
    }
}
