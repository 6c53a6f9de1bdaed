package io.marketflow.sink.messaging;

import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads the committed offsets (and their {@code cut=E} markers) of partitions as they are assigned, and flags revoked
 * ones; {@link RawTopicPoller} calls it on the consumer's polling thread, so it only queues work for the writer thread.
 */
@ApplicationScoped
public class SinkRebalanceListener {

    private final SinkWorker worker;

    /** @param worker the writer's thread */
    public SinkRebalanceListener(SinkWorker worker) {
        this.worker = worker;
    }

    /**
     * @param consumer the consumer, inside its {@code poll}
     * @param partitions newly assigned partitions
     */
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> committed = new LinkedHashMap<>(consumer.committed(new HashSet<>(partitions)));
        for (TopicPartition tp : partitions) {
            committed.putIfAbsent(tp, null);
        }
        worker.assigned(committed);
    }

    /**
     * @param partitions partitions given up in a rebalance, or found to be owned by another member already (lost)
     */
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        worker.revoked(partitions);
    }
}
