package io.marketflow.sink.messaging;

import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;

/**
 * Reads the committed offsets (and their {@code cut=E} markers) of partitions as they are assigned, and flags revoked
 * ones; runs on the consumer's polling thread, so it only queues work for the writer thread.
 */
@ApplicationScoped
@Identifier(SinkRebalanceListener.NAME)
public class SinkRebalanceListener implements KafkaConsumerRebalanceListener {

    /** The name the channel's {@code consumer-rebalance-listener.name} refers to. */
    public static final String NAME = "parquet-sink-rebalance";

    private final SinkWorker worker;

    /** @param worker the writer's thread */
    public SinkRebalanceListener(SinkWorker worker) {
        this.worker = worker;
    }

    @Override
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

    @Override
    public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        worker.revoked(partitions);
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        worker.revoked(partitions);
    }
}
