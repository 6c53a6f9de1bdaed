package io.marketflow.sink.messaging;

import java.util.Map;
import java.util.function.BooleanSupplier;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Synchronous offset commits and seeks on the consumer that owns the partitions; the raw-topics channel's consumer in
 * the service, a plain {@code KafkaConsumer} in tests.
 */
public interface OffsetCommitter {

    /**
     * Commits synchronously; a commit from a member that lost the partition (a zombie) fails. {@code owned} is asked on
     * the consumer's thread right before the commit, after any rebalance that ran since the commit was asked for:
     * false, or a partition missing from the consumer's assignment, refuses the commit with a
     * {@code CommitFailedException}, as the group would.
     *
     * @param offsets offsets (with metadata) to commit
     * @param owned whether the caller still holds the partitions (its segments were not revoked)
     */
    void commit(Map<TopicPartition, OffsetAndMetadata> offsets, BooleanSupplier owned);

    /**
     * Moves the consumer's position back, e.g. after a cut was abandoned while the partition stayed ours.
     *
     * @param partition the partition
     * @param offset the next offset to fetch
     */
    void seek(TopicPartition partition, long offset);
}
