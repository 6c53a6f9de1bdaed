package io.marketflow.ingest.macro.messaging;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.header.internals.RecordHeaders;

import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * The Kafka metadata of a dead letter: key = alias or event type and the headers {@code reason} (the name the parquet-sink uses too)
 * and {@code source}; shared by the macro and policy dead-letter topics.
 */
public final class DeadLetters {

    /** Dead-letter header with the rejection reason. */
    public static final String REASON_HEADER = "reason";
    /** Dead-letter header with the record's source (provider). */
    public static final String SOURCE_HEADER = "source";

    private DeadLetters() {
    }

    /**
     * @param key the record key (alias or event type)
     * @param reason why the record was rejected
     * @param source where the record came from
     * @return the outgoing metadata to add to the dead-letter message
     */
    public static OutgoingKafkaRecordMetadata<String> metadata(String key, String reason, String source) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(REASON_HEADER, reason.getBytes(StandardCharsets.UTF_8));
        if (source != null) {
            headers.add(SOURCE_HEADER, source.getBytes(StandardCharsets.UTF_8));
        }
        return OutgoingKafkaRecordMetadata.<String> builder().withKey(key).withHeaders(headers).build();
    }
}
