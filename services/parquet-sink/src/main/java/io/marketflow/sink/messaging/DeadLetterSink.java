package io.marketflow.sink.messaging;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Where records that cannot be stored go: {@code <topic>.dlq} with the reason and their Kafka coordinates as headers.
 */
public interface DeadLetterSink {

    /** Header with the rejection reason. */
    String REASON = "reason";
    /** Header with the source topic. */
    String TOPIC = "topic";
    /** Header with the source partition. */
    String PARTITION = "partition";
    /** Header with the source offset. */
    String OFFSET = "offset";

    /**
     * Sends and waits for the broker's acknowledgement, so the record's offset is never committed before its copy is safe.
     *
     * @param record the rejected record
     * @param reason why it was rejected
     */
    void send(ConsumerRecord<byte[], byte[]> record, String reason);
}
