package io.marketflow.sink.messaging;

import java.util.Map;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Synchronous offset commits and seeks on the consumer that owns the partitions; the raw-topics channel's consumer in
 * the service, a plain {@code KafkaConsumer} in tests.
 */
public interface OffsetCommitter {

    /**
     * Commits synchronously; a commit from a member that lost the partition (a zombie) fails.
     *
     * @param offsets offsets (with metadata) to commit
     */
    void commit(Map<TopicPartition, OffsetAndMetadata> offsets);

    /**
     * Moves the consumer's position back, e.g. after a cut was abandoned while the partition stayed ours.
     *
     * @param partition the partition
     * @param offset the next offset to fetch
     */
    void seek(TopicPartition partition, long offset);
}
