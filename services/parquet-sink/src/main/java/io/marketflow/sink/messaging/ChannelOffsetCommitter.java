package io.marketflow.sink.messaging;

import java.time.Duration;
import java.util.Map;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Commits through the raw-topics channel's own consumer ({@code commitSync} on its polling thread), so the group
 * generation fences a zombie's commits after a rebalance.
 */
public final class ChannelOffsetCommitter implements OffsetCommitter {

    private final RawTopicPoller poller;
    private final Duration timeout;

    /**
     * @param poller the channel's consumer
     * @param timeout longest wait for one commit
     */
    public ChannelOffsetCommitter(RawTopicPoller poller, Duration timeout) {
        this.poller = poller;
        this.timeout = timeout;
    }

    @Override
    public void commit(Map<TopicPartition, OffsetAndMetadata> offsets) {
        poller.call(consumer -> {
            consumer.commitSync(offsets, timeout);
            return null;
        }, timeout.plusSeconds(5));
    }

    @Override
    public void seek(TopicPartition partition, long offset) {
        poller.seek(partition, offset, timeout);
    }
}
