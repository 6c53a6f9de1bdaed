package io.marketflow.sink.messaging;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.smallrye.mutiny.subscription.MultiEmitter;

/**
 * Owns the raw topics' {@link KafkaConsumer} and the one thread that polls it: each poll becomes one message downstream,
 * only when downstream asked for one (otherwise the partitions are paused and polling goes on, so the member stays in
 * its group and takes part in rebalances). Commits, seeks and lag reads are queued to this thread and run between
 * polls, as a {@code KafkaConsumer} is single-threaded.
 *
 * <p>Why not SmallRye's Kafka connector: in batch mode it wraps every record of a poll (an {@code IncomingKafkaRecord}
 * with metadata maps and a generation-id header added and removed), ~15 % of the sink's CPU, for messages the sink
 * never looks at. And since a poll is handed downstream before the next poll runs, a batch polled before a rebalance
 * always reaches the writer before the rebalance's new assignment does.
 */
@ApplicationScoped
public class RawTopicPoller {

    private static final Logger LOG = Logger.getLogger(RawTopicPoller.class);
    /** Longest a poll blocks when nothing arrives: also the longest a queued commit waits for the thread. */
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(100);
    /** How often the connection count (readiness) is read from the consumer's metrics. */
    private static final long CONNECTION_CHECK_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final SinkRebalanceListener rebalance;
    private final MeterRegistry registry;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private volatile Thread thread;
    private volatile boolean running;
    private volatile Throwable failure;
    private volatile boolean connected;
    private volatile KafkaConsumer<byte[], byte[]> consumer;

    /**
     * @param rebalance told of assignments and revocations, on this thread
     * @param registry where the consumer's client metrics go
     */
    public RawTopicPoller(SinkRebalanceListener rebalance, MeterRegistry registry) {
        this.rebalance = rebalance;
        this.registry = registry;
    }

    /**
     * Creates the consumer, here so that a bad property fails startup with Kafka's message naming it.
     *
     * @param properties Kafka consumer properties (bootstrap servers, group id, …)
     */
    synchronized void create(Properties properties) {
        if (consumer != null) {
            throw new IllegalStateException("the raw topics' consumer already exists");
        }
        consumer = new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /**
     * Starts polling on a thread of its own, which from now on is the only one to touch the consumer.
     *
     * @param topics the topics to subscribe to
     * @param emitter downstream: one message per non-empty poll, as many as it requested
     */
    synchronized void start(List<String> topics, MultiEmitter<? super Message<ConsumerRecords<byte[], byte[]>>> emitter) {
        if (consumer == null || thread != null) {
            throw new IllegalStateException("the raw topics' consumer is not created, or already polled");
        }
        running = true;
        thread = new Thread(() -> loop(topics, emitter), "parquet-sink-poll");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Runs an action on the polling thread between two polls.
     *
     * @param action what to do with the consumer
     * @param timeout longest wait for it to run and finish
     * @param <T> its result type
     * @return its result
     * @throws IllegalStateException when the consumer is not running or the action timed out
     * @throws RuntimeException the action's own exception, unwrapped (e.g. a {@code CommitFailedException})
     */
    public <T> T call(Function<Consumer<byte[], byte[]>, T> action, Duration timeout) {
        if (Thread.currentThread() == thread) {
            return action.apply(consumer);
        }
        if (!running) {
            throw new IllegalStateException("the raw topics' consumer is not running");
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        tasks.add(() -> {
            try {
                result.complete(action.apply(consumer));
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        try {
            return result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the raw topics' consumer did not run a call within " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the raw topics' consumer", e);
        }
    }

    /** @return true while the polling thread runs (false once it failed or stopped) */
    public boolean alive() {
        Thread t = thread;
        return running && failure == null && t != null && t.isAlive();
    }

    /** @return true when the consumer holds at least one broker connection */
    public boolean connected() {
        return connected;
    }

    /** @return why polling stopped, null while it has not failed */
    public Throwable failure() {
        return failure;
    }

    private void loop(List<String> topics, MultiEmitter<? super Message<ConsumerRecords<byte[], byte[]>>> emitter) {
        KafkaClientMetrics metrics = null;
        try (KafkaConsumer<byte[], byte[]> kafka = consumer) {
            metrics = new KafkaClientMetrics(kafka);
            metrics.bindTo(registry);
            kafka.subscribe(topics, new Callbacks(kafka));
            long nextConnectionCheck = 0;
            while (running && !emitter.isCancelled()) {
                runTasks();
                if (emitter.requested() > 0) {
                    Set<TopicPartition> paused = kafka.paused();
                    if (!paused.isEmpty()) {
                        kafka.resume(paused);
                    }
                } else if (kafka.paused().size() < kafka.assignment().size()) {
                    // Paused, a poll returns nothing but still heartbeats, rebalances and fetches metadata.
                    kafka.pause(kafka.assignment());
                }
                ConsumerRecords<byte[], byte[]> records = kafka.poll(POLL_TIMEOUT);
                if (!records.isEmpty()) {
                    emitter.emit(Message.of(records).withNack(this::nacked));
                }
                long now = System.nanoTime();
                if (now - nextConnectionCheck >= 0) {
                    connected = connectionCount(kafka) > 0;
                    nextConnectionCheck = now + CONNECTION_CHECK_NANOS;
                }
            }
        } catch (WakeupException | InterruptException e) {
            LOG.debugf("[loop] - stopped: %s", e.toString());
        } catch (RuntimeException e) {
            // Nothing is lost: the next start replays from the committed offsets. Liveness reports it so the pod restarts.
            failure = e;
            LOG.errorf(e, "[loop] - consuming the raw topics failed");
            emitter.fail(e);
        } finally {
            running = false;
            connected = false;
            if (metrics != null) {
                metrics.close();
            }
            failPendingTasks();
        }
    }

    /** A batch the writer could not take: stop polling rather than go on past records that are not stored. */
    private CompletionStage<Void> nacked(Throwable reason) {
        failure = reason;
        running = false;
        LOG.errorf(reason, "[nacked] - the writer failed a batch; the consumer stops (liveness DOWN), the next start replays");
        return CompletableFuture.completedFuture(null);
    }

    private void runTasks() {
        Runnable task;
        while ((task = tasks.poll()) != null) {
            task.run();
        }
    }

    private void failPendingTasks() {
        Runnable task;
        while ((task = tasks.poll()) != null) {
            // Each task completes its own future; with the consumer closed it fails, which is what the caller needs.
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.debugf("[failPendingTasks] - %s", e.toString());
            }
        }
    }

    private static double connectionCount(KafkaConsumer<byte[], byte[]> kafka) {
        for (Map.Entry<MetricName, ? extends Metric> metric : kafka.metrics().entrySet()) {
            if (metric.getKey().name().equals("connection-count") && metric.getKey().group().equals("consumer-metrics")) {
                return ((Number) metric.getValue().metricValue()).doubleValue();
            }
        }
        return 0;
    }

    @PreDestroy
    void stop() {
        running = false;
        Thread t = thread;
        if (t != null) {
            KafkaConsumer<byte[], byte[]> kafka = consumer;
            if (kafka != null) {
                kafka.wakeup();
            }
            try {
                t.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The rebalance callbacks, on this thread inside {@code poll}. */
    private final class Callbacks implements ConsumerRebalanceListener {

        private final KafkaConsumer<byte[], byte[]> kafka;

        Callbacks(KafkaConsumer<byte[], byte[]> kafka) {
            this.kafka = kafka;
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            rebalance.onPartitionsAssigned(kafka, partitions);
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            rebalance.onPartitionsRevoked(kafka, partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            rebalance.onPartitionsLost(kafka, partitions);
        }
    }
}
