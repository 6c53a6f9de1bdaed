package io.marketflow.sink.messaging;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
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
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
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
 * when downstream asks for one. One poll is taken ahead, so fetching overlaps the writer's work; with it in hand the
 * partitions are paused and paused polls go on now and then, so the member stays in its group and takes part in
 * rebalances (which drop the prefetched records of partitions given up). Commits, seeks and lag reads are queued to this thread and run between
 * polls, as a {@code KafkaConsumer} is single-threaded.
 *
 * <p>Why not SmallRye's Kafka connector: in batch mode it wraps every record of a poll (an {@code IncomingKafkaRecord}
 * with metadata maps and a generation-id header added and removed), ~15 % of the sink's CPU, for messages the sink
 * never looks at. And since the rebalance callbacks run on this thread, between emits, a batch polled before a
 * rebalance either reaches the writer before that rebalance's new assignment does, or loses the records of the
 * partitions it gave up: never a record of an old assignment applied to a new one.
 */
@ApplicationScoped
public class RawTopicPoller implements ConsumerThread {

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
    /** The poll taken ahead of demand; only the polling thread touches it. */
    private ConsumerRecords<byte[], byte[]> prefetched;

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
    @Override
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
        LockSupport.unpark(thread);
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

    /**
     * Moves the consumer back to an offset, dropping what was polled ahead for the partition (it would follow the
     * segment's restart with a gap).
     *
     * @param partition the partition
     * @param offset the next offset to fetch
     * @param timeout longest wait
     */
    @Override
    public void seek(TopicPartition partition, long offset, Duration timeout) {
        call(kafka -> {
            dropPrefetched(List.of(partition));
            kafka.seek(partition, offset);
            return null;
        }, timeout);
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
            emitter.onRequest(n -> LockSupport.unpark(thread));
            long nextConnectionCheck = 0;
            while (running && !emitter.isCancelled()) {
                runTasks();
                if (prefetched == null) {
                    // Room for one poll ahead: it overlaps the writer's work on the batch it has.
                    Set<TopicPartition> paused = kafka.paused();
                    if (!paused.isEmpty()) {
                        AssignedPartitions.apply(paused, kafka::assignment, kafka::resume);
                    }
                    prefetched = nonEmpty(kafka.poll(POLL_TIMEOUT));
                } else {
                    if (kafka.paused().size() < kafka.assignment().size()) {
                        AssignedPartitions.apply(kafka.assignment(), kafka::assignment, kafka::pause);
                    }
                    if (emitter.requested() == 0) {
                        // Woken by a request or a queued call; a paused poll now and then keeps rebalances going.
                        LockSupport.parkNanos(POLL_TIMEOUT.toNanos());
                        if (emitter.requested() == 0 && tasks.isEmpty()) {
                            // Polled first: its rebalance callbacks may drop prefetched records, which must stay dropped.
                            ConsumerRecords<byte[], byte[]> more = kafka.poll(Duration.ZERO);
                            prefetched = merge(prefetched, more);
                        }
                    }
                }
                if (prefetched != null && emitter.requested() > 0) {
                    ConsumerRecords<byte[], byte[]> batch = prefetched;
                    prefetched = null;
                    emitter.emit(Message.of(batch).withNack(this::nacked));
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
            // Calls queued meanwhile run against the closed consumer and fail, which is what their callers need.
            runTasks();
        }
    }

    /** A batch the writer could not take: stop polling rather than go on past records that are not stored. */
    private CompletionStage<Void> nacked(Throwable reason) {
        failure = reason;
        running = false;
        LOG.errorf(reason, "[nacked] - the writer failed a batch; the consumer stops (liveness DOWN), the next start replays");
        return CompletableFuture.completedFuture(null);
    }

    private static ConsumerRecords<byte[], byte[]> nonEmpty(ConsumerRecords<byte[], byte[]> records) {
        return records.isEmpty() ? null : records;
    }

    /**
     * @return the prefetched poll (null when a rebalance dropped it all) followed by what a paused poll still returned
     *         (a partition assigned just now, not paused yet)
     */
    private static ConsumerRecords<byte[], byte[]> merge(ConsumerRecords<byte[], byte[]> first, ConsumerRecords<byte[], byte[]> more) {
        if (more.isEmpty()) {
            return first;
        }
        if (first == null) {
            return more;
        }
        Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> records = new LinkedHashMap<>();
        Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>(first.nextOffsets());
        for (ConsumerRecords<byte[], byte[]> part : List.of(first, more)) {
            for (TopicPartition tp : part.partitions()) {
                records.computeIfAbsent(tp, p -> new ArrayList<>()).addAll(part.records(tp));
            }
        }
        next.putAll(more.nextOffsets());
        return new ConsumerRecords<>(records, next);
    }

    /**
     * Drops the prefetched records of partitions this member gives up, inside the rebalance that takes them (as SmallRye
     * drops them from its queue): the next owner replays them from the committed offsets.
     */
    private void dropPrefetched(Collection<TopicPartition> partitions) {
        if (prefetched == null || Collections.disjoint(prefetched.partitions(), partitions)) {
            return;
        }
        Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> kept = new LinkedHashMap<>();
        Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
        for (TopicPartition tp : prefetched.partitions()) {
            if (!partitions.contains(tp)) {
                kept.put(tp, prefetched.records(tp));
                OffsetAndMetadata offset = prefetched.nextOffsets().get(tp);
                if (offset != null) {
                    next.put(tp, offset);
                }
            }
        }
        prefetched = kept.isEmpty() ? null : new ConsumerRecords<>(kept, next);
    }

    /** Runs the queued calls; each completes its own future, exceptions included, so none escapes. */
    private void runTasks() {
        Runnable task;
        while ((task = tasks.poll()) != null) {
            task.run();
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

        /** Also what lost partitions get: {@code onPartitionsLost}'s default calls this. */
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            dropPrefetched(partitions);
            rebalance.onPartitionsRevoked(partitions);
        }
    }
}
