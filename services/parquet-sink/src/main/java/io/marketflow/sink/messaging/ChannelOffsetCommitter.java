package io.marketflow.sink.messaging;

import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;

import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Commits through the raw-topics channel's own consumer ({@code commitSync} on its polling thread), so the group
 * generation fences a zombie's commits after a rebalance, and ownership is checked where rebalances happen.
 */
public final class ChannelOffsetCommitter implements OffsetCommitter {

    private final ConsumerThread poller;
    private final Duration timeout;

    /**
     * @param poller the channel's consumer
     * @param timeout longest wait for one commit
     */
    public ChannelOffsetCommitter(ConsumerThread poller, Duration timeout) {
        this.poller = poller;
        this.timeout = timeout;
    }

    @Override
    public void commit(Map<TopicPartition, OffsetAndMetadata> offsets, BooleanSupplier owned) {
        poller.call(consumer -> {
            commitIfOwned(consumer, offsets, owned, timeout);
            return null;
        }, timeout.plusSeconds(5));
    }

    @Override
    public void seek(TopicPartition partition, long offset) {
        poller.seek(partition, offset, timeout);
    }

    /**
     * The commit as it runs on the consumer's thread. The writer checked ownership on its own thread when it queued
     * the commit; a poll in between may have completed a rebalance that gave the partitions away (cooperative and
     * consumer-protocol rebalances do not fence a member's later commits for partitions it no longer owns, and an
     * eager one that gave them back has already read {@code committed()} for the new segment). So the check is
     * repeated here, where rebalance callbacks run, and nothing is committed for a partition that moved.
     *
     * @param consumer the consumer, on its own thread
     * @param offsets what to commit
     * @param owned the writer's view: none of the partitions' segments was revoked
     * @param timeout the commit's timeout
     */
    static void commitIfOwned(Consumer<?, ?> consumer, Map<TopicPartition, OffsetAndMetadata> offsets, BooleanSupplier owned,
                              Duration timeout) {
        if (!owned.getAsBoolean() || !consumer.assignment().containsAll(offsets.keySet())) {
            throw new CommitFailedException("the partitions " + offsets.keySet() + " were revoked after this commit was queued; "
                    + "their next owner commits them");
        }
        consumer.commitSync(offsets, timeout);
    }
}
