package io.marketflow.sink.messaging;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.marketflow.contract.Topics;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Sends rejected records, unchanged, to {@code <topic>.dlq} with headers reason, topic, partition and offset.
 */
public final class KafkaDeadLetterSink implements DeadLetterSink {

    /** The outgoing channel of dead letters; the topic is set per record. */
    public static final String DLQ_CHANNEL = "dead-letters";

    private final MutinyEmitter<byte[]> emitter;

    /** @param emitter the emitter of {@link #DLQ_CHANNEL} */
    public KafkaDeadLetterSink(MutinyEmitter<byte[]> emitter) {
        this.emitter = emitter;
    }

    @Override
    public void send(ConsumerRecord<byte[], byte[]> record, String reason) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(REASON, bytes(reason));
        headers.add(TOPIC, bytes(record.topic()));
        headers.add(PARTITION, bytes(Integer.toString(record.partition())));
        headers.add(OFFSET, bytes(Long.toString(record.offset())));
        OutgoingKafkaRecordMetadata<byte[]> metadata = OutgoingKafkaRecordMetadata.<byte[]>builder()
                .withTopic(Topics.deadLetter(record.topic()))
                .withKey(record.key())
                .withHeaders(headers)
                .build();
        byte[] value = record.value() == null ? new byte[0] : record.value();
        emitter.sendMessageAndAwait(Message.of(value).addMetadata(metadata));
    }

    private static byte[] bytes(String value) {
        return (value == null ? "" : value).getBytes(StandardCharsets.UTF_8);
    }
}
