package io.marketflow.aggregator.messaging;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import io.marketflow.contract.Topics;
import io.quarkus.logging.Log;

/**
 * The aggregator's one producer: dead letters ({@code <topic>.dlq}, headers {@code reason} and {@code source}) and
 * the synchronous send of the completion signal.
 */
@ApplicationScoped
public class Outbox {

    /** Dead-letter header with the rejection reason (the name every service uses). */
    public static final String REASON_HEADER = "reason";
    /** Dead-letter header naming the service that rejected it. */
    public static final String SOURCE_HEADER = "source";

    private final KafkaClients clients;
    private final AggregatorMetrics metrics;
    private volatile KafkaProducer<String, byte[]> producer;

    public Outbox(KafkaClients clients, AggregatorMetrics metrics) {
        this.clients = clients;
        this.metrics = metrics;
    }

    private KafkaProducer<String, byte[]> producer() {
        KafkaProducer<String, byte[]> p = producer;
        if (p == null) {
            synchronized (this) {
                if (producer == null) {
                    producer = clients.producer();
                }
                p = producer;
            }
        }
        return p;
    }

    /**
     * Sends a rejected record to its topic's dead-letter topic and waits for the broker, so the offset committed after
     * it never skips an unrecorded rejection.
     *
     * @param topic the record's topic
     * @param key its key
     * @param value its bytes, as received
     * @param reason why it cannot be used
     */
    public void deadLetter(String topic, String key, byte[] value, String reason) {
        ProducerRecord<String, byte[]> r = new ProducerRecord<>(Topics.deadLetter(topic), key, value);
        r.headers().add(REASON_HEADER, reason.getBytes(StandardCharsets.UTF_8));
        r.headers().add(SOURCE_HEADER, "aggregator".getBytes(StandardCharsets.UTF_8));
        try {
            producer().send(r).get(30, TimeUnit.SECONDS);
            metrics.deadLetter(topic);
            Log.debugf("[deadLetter] - %s: %s", topic, reason);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while dead-lettering", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot dead-letter to " + Topics.deadLetter(topic), e);
        }
    }

    /**
     * @param topic the topic
     * @param value the JSON bytes
     */
    public void sendAndWait(String topic, byte[] value) {
        try {
            producer().send(new ProducerRecord<>(topic, null, value)).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending to " + topic, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot send to " + topic, e);
        }
    }

    @PreDestroy
    void close() {
        KafkaProducer<String, byte[]> p = producer;
        if (p != null) {
            p.close(java.time.Duration.ofSeconds(5));
        }
    }
}
