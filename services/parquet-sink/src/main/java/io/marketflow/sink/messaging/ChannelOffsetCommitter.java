package io.marketflow.sink.messaging;

import java.time.Duration;
import java.util.Map;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;

/**
 * Commits through the channel's own consumer ({@code commitSync} on its polling thread), so the group generation fences
 * a zombie's commits after a rebalance.
 */
public final class ChannelOffsetCommitter implements OffsetCommitter {

    private final KafkaClientService clients;
    private final String channel;
    private final Duration timeout;

    /**
     * @param clients SmallRye's client registry
     * @param channel the incoming channel
     * @param timeout longest wait for one commit
     */
    public ChannelOffsetCommitter(KafkaClientService clients, String channel, Duration timeout) {
        this.clients = clients;
        this.channel = channel;
        this.timeout = timeout;
    }

    @Override
    public void commit(Map<TopicPartition, OffsetAndMetadata> offsets) {
        consumer().runOnPollingThread(c -> {
            c.commitSync(offsets, timeout);
        }).await().atMost(timeout.plusSeconds(5));
    }

    @Override
    public void seek(TopicPartition partition, long offset) {
        consumer().seek(partition, offset).await().atMost(timeout);
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        return clients.getConsumer(channel);
    }
}
