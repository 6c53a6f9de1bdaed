package io.marketflow.sink.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.smallrye.mutiny.Uni;

/**
 * The one consumer of every raw topic: raw bytes in batches, no connector commits (offsets are committed by the
 * {@link SegmentWriter} once files are durable).
 */
@ApplicationScoped
public class RawTopicConsumer {

    /** The incoming channel subscribed to every stored topic. */
    public static final String RAW_CHANNEL = "raw-topics";

    private final SinkWorker worker;

    /** @param worker the writer's thread */
    public RawTopicConsumer(SinkWorker worker) {
        this.worker = worker;
    }

    /**
     * @param records one polled batch
     * @return completes when the batch is buffered; the next batch waits for it (back-pressure)
     */
    @Incoming(RAW_CHANNEL)
    public Uni<Void> consume(ConsumerRecords<byte[], byte[]> records) {
        return worker.process(records);
    }
}
