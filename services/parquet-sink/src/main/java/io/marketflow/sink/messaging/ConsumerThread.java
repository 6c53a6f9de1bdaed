package io.marketflow.sink.messaging;

import java.time.Duration;
import java.util.function.Function;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/**
 * The one thread allowed to touch the raw topics' consumer ({@link RawTopicPoller}); work handed to it runs between
 * two polls, so a rebalance may complete between the moment work is queued and the moment it runs.
 */
public interface ConsumerThread {

    /**
     * Runs an action on the consumer's thread between two polls.
     *
     * @param action what to do with the consumer
     * @param timeout longest wait for it to run and finish
     * @param <T> its result type
     * @return its result
     */
    <T> T call(Function<Consumer<byte[], byte[]>, T> action, Duration timeout);

    /**
     * Moves the consumer back to an offset, dropping what was polled ahead for the partition.
     *
     * @param partition the partition
     * @param offset the next offset to fetch
     * @param timeout longest wait
     */
    void seek(TopicPartition partition, long offset, Duration timeout);
}
