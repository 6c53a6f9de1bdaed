package io.marketflow.ingest.macro.messaging;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.marketflow.contract.MacroObservation;
import io.marketflow.contract.PolicyEvent;
import io.marketflow.contract.Topics;
import io.marketflow.ingest.macro.domain.Rejected;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Sends macro observations (key = alias) and policy events (key = event type) to their topics, and rejected rows to
 * the topics' dead letters with the reason in a header; a batch returns once every record was acknowledged and its
 * {@code afterAck} step (recording the progress) ran, so progress only ever names data that is in Kafka.
 */
@ApplicationScoped
public class MacroSender {

    /** Channel of the historical observations ({@code h_macrodata}). */
    public static final String HISTORICAL = "h-macrodata";
    /** Channel of the polled observations ({@code macrodata}). */
    public static final String LATEST = "macrodata";
    /** Channel of the policy events. */
    public static final String POLICY = "policy-events";
    /** Dead-letter channels: the raw rows as text. */
    public static final String HISTORICAL_DLQ = "h-macrodata-dlq";
    /** See {@link #HISTORICAL_DLQ}. */
    public static final String LATEST_DLQ = "macrodata-dlq";
    /** See {@link #HISTORICAL_DLQ}. */
    public static final String POLICY_DLQ = "policy-events-dlq";
    /** Rejected rows; tags {@code topic}, {@code source}. */
    public static final String REJECTED = "marketflow.macro.rejected";

    private static final Duration ACK_TIMEOUT = Duration.ofMinutes(2);
    /** Records in flight per batch: enough to pipeline the broker round trips, small enough to bound memory. */
    private static final int WINDOW = 256;

    private final MutinyEmitter<MacroObservation> historical;
    private final MutinyEmitter<MacroObservation> latest;
    private final MutinyEmitter<PolicyEvent> policy;
    private final MutinyEmitter<String> historicalDlq;
    private final MutinyEmitter<String> latestDlq;
    private final MutinyEmitter<String> policyDlq;
    private final ProducerMetrics metrics;
    private final MeterRegistry registry;

    public MacroSender(@Channel(HISTORICAL) MutinyEmitter<MacroObservation> historical, @Channel(LATEST) MutinyEmitter<MacroObservation> latest,
            @Channel(POLICY) MutinyEmitter<PolicyEvent> policy, @Channel(HISTORICAL_DLQ) MutinyEmitter<String> historicalDlq,
            @Channel(LATEST_DLQ) MutinyEmitter<String> latestDlq, @Channel(POLICY_DLQ) MutinyEmitter<String> policyDlq, ProducerMetrics metrics,
            MeterRegistry registry) {
        this.historical = historical;
        this.latest = latest;
        this.policy = policy;
        this.historicalDlq = historicalDlq;
        this.latestDlq = latestDlq;
        this.policyDlq = policyDlq;
        this.metrics = metrics;
        this.registry = registry;
    }

    /**
     * @param topic {@link Topics#H_MACRODATA} or {@link Topics#MACRODATA}
     * @param observations vintages to send
     * @param afterAck runs once per acknowledged record
     */
    public void sendObservations(String topic, List<MacroObservation> observations, Function<MacroObservation, Uni<Void>> afterAck) {
        MutinyEmitter<MacroObservation> emitter = Topics.H_MACRODATA.equals(topic) ? historical : latest;
        sendAll(topic, emitter, observations, MacroObservation::alias, afterAck);
    }

    /**
     * @param events events to send
     * @param afterAck runs once per acknowledged record
     */
    public void sendPolicyEvents(List<PolicyEvent> events, Function<PolicyEvent, Uni<Void>> afterAck) {
        sendAll(Topics.POLICY_EVENTS, policy, events, PolicyEvent::eventType, afterAck);
    }

    /**
     * @param topic the topic whose dead letters receive the rows
     * @param source provider
     * @param rejected rows that failed validation
     */
    public void deadLetter(String topic, String source, List<Rejected> rejected) {
        MutinyEmitter<String> emitter = switch (topic) {
            case Topics.H_MACRODATA -> historicalDlq;
            case Topics.MACRODATA -> latestDlq;
            default -> policyDlq;
        };
        String dlq = Topics.deadLetter(topic);
        List<Uni<Void>> sends = new ArrayList<>();
        for (Rejected r : rejected) {
            var metadata = DeadLetters.metadata(r.key(), r.reason(), source);
            sends.add(emitter.sendMessage(metrics.track(dlq, Message.of(r.raw()).addMetadata(metadata))));
            registry.counter(REJECTED, "topic", topic, "source", source).increment();
        }
        if (!sends.isEmpty()) {
            Uni.join().all(sends).andFailFast().await().atMost(ACK_TIMEOUT);
        }
    }

    private <T> void sendAll(String topic, MutinyEmitter<T> emitter, List<T> records, Function<T, String> key, Function<T, Uni<Void>> afterAck) {
        for (int from = 0; from < records.size(); from += WINDOW) {
            List<Uni<Void>> sends = new ArrayList<>();
            for (T record : records.subList(from, Math.min(records.size(), from + WINDOW))) {
                var metadata = OutgoingKafkaRecordMetadata.<String> builder().withKey(key.apply(record)).build();
                sends.add(emitter.sendMessage(metrics.track(topic, Message.of(record).addMetadata(metadata))).chain(() -> afterAck.apply(record)));
            }
            Uni.join().all(sends).andFailFast().await().atMost(ACK_TIMEOUT);
        }
    }
}
