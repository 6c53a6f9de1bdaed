package io.marketflow.ingest.macro.messaging;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.producer.Callback;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.logging.Log;

/**
 * Counts what a service hands to Kafka, per topic: records acknowledged by the broker, send errors, and the latency
 * from handing a record over to its acknowledgement.
 */
@ApplicationScoped
public class ProducerMetrics {

    /** Records the broker acknowledged; tag {@code topic}. */
    public static final String PRODUCED = "marketflow.records.produced";
    /** Records the broker refused or that timed out; tag {@code topic}. */
    public static final String SEND_ERRORS = "marketflow.send.errors";
    /** Hand-over to acknowledgement; tag {@code topic}. */
    public static final String SEND_LATENCY = "marketflow.send.latency";

    private final MeterRegistry registry;
    private final Map<String, TopicMeters> meters = new ConcurrentHashMap<>();

    public ProducerMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * Wraps a message so that its acknowledgement updates this topic's metrics.
     *
     * @param topic the topic the message goes to (a metric tag)
     * @param message the message to send
     * @param <T> the payload type
     * @return the message with ack and nack handlers that count it
     */
    public <T> Message<T> track(String topic, Message<T> message) {
        Callback callback = callback(topic);
        return message
                .withAck(() -> {
                    callback.onCompletion(null, null);
                    return CompletableFuture.completedFuture(null);
                })
                .withNack(failure -> {
                    callback.onCompletion(null, failure instanceof Exception e ? e : new RuntimeException(failure));
                    Log.warnf("[send] - %s: %s", topic, failure.getMessage());
                    return CompletableFuture.completedFuture(null);
                });
    }

    /**
     * A Kafka send callback that updates this topic's metrics, for records sent straight through a producer.
     *
     * @param topic the topic the record goes to (a metric tag)
     * @return the callback, to pass to {@code Producer.send}
     */
    public Callback callback(String topic) {
        long start = System.nanoTime();
        TopicMeters topicMeters = meters.computeIfAbsent(topic, this::metersFor);
        return (metadata, failure) -> {
            if (failure == null) {
                topicMeters.produced().increment();
                topicMeters.latency().record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            } else {
                topicMeters.errors().increment();
            }
        };
    }

    private TopicMeters metersFor(String topic) {
        return new TopicMeters(
                registry.counter(PRODUCED, "topic", topic),
                registry.counter(SEND_ERRORS, "topic", topic),
                Timer.builder(SEND_LATENCY).tag("topic", topic).publishPercentileHistogram().register(registry));
    }

    private record TopicMeters(Counter produced, Counter errors, Timer latency) {
    }
}
