package io.marketflow.ingest.fundamentals.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.marketflow.contract.FundamentalsRecord;
import io.marketflow.ingest.fundamentals.domain.Rejected;
import io.marketflow.ingest.fundamentals.domain.StatementVersion;
import io.marketflow.ingest.fundamentals.repository.FundamentalsProgressRepository;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Sends statements to {@code h_company} (key = ticker) and records each version in PostgreSQL once the broker
 * acknowledged it; rejected statements go to {@code h_company.dlq} with the headers {@code reason} and {@code source}.
 */
@ApplicationScoped
public class FundamentalsSender {

    /** Channel of the statements. */
    public static final String CHANNEL = "h-company";
    /** Channel of the rejected statements. */
    public static final String DLQ_CHANNEL = "h-company-dlq";
    /** Dead-letter header with the rejection reason (the name the parquet-sink uses too). */
    public static final String REASON_HEADER = "reason";
    /** Dead-letter header with the statement's source. */
    public static final String SOURCE_HEADER = "source";
    /** Records acknowledged by the broker; tag {@code source}. */
    public static final String SENT = "marketflow.fundamentals.records.sent";
    /** Statements dead-lettered; tag {@code source}. */
    public static final String DEAD_LETTERS = "marketflow.fundamentals.dead.letters";

    private static final Duration ACK_TIMEOUT = Duration.ofMinutes(2);

    private final MutinyEmitter<FundamentalsRecord> records;
    private final MutinyEmitter<String> deadLetters;
    private final FundamentalsProgressRepository progress;
    private final MeterRegistry registry;

    public FundamentalsSender(@Channel(CHANNEL) MutinyEmitter<FundamentalsRecord> records, @Channel(DLQ_CHANNEL) MutinyEmitter<String> deadLetters,
            FundamentalsProgressRepository progress, MeterRegistry registry) {
        this.records = records;
        this.deadLetters = deadLetters;
        this.progress = progress;
        this.registry = registry;
    }

    /**
     * Sends one statement version and records it; blocks until both are done.
     *
     * @param record the statement
     * @return its version, now recorded
     */
    public StatementVersion send(FundamentalsRecord record) {
        var metadata = OutgoingKafkaRecordMetadata.<String> builder().withKey(record.ticker()).build();
        records.sendMessage(Message.of(record).addMetadata(metadata)).await().atMost(ACK_TIMEOUT);
        StatementVersion version = StatementVersion.of(record);
        progress.markSent(version, record.availableFrom()).await().atMost(ACK_TIMEOUT);
        registry.counter(SENT, "source", record.source()).increment();
        return version;
    }

    /**
     * @param rejected a statement that could not become a record
     */
    public void deadLetter(Rejected rejected) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(REASON_HEADER, rejected.reason().getBytes(StandardCharsets.UTF_8));
        headers.add(SOURCE_HEADER, rejected.source().getBytes(StandardCharsets.UTF_8));
        var metadata = OutgoingKafkaRecordMetadata.<String> builder().withKey(rejected.ticker()).withHeaders(headers).build();
        deadLetters.sendMessage(Message.of(rejected.payload()).addMetadata(metadata)).await().atMost(ACK_TIMEOUT);
        registry.counter(DEAD_LETTERS, "source", rejected.source()).increment();
    }
}
