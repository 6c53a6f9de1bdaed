package io.marketflow.query.summary;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Read-only Kafka questions of the summary: topic offsets, a group's committed offsets, the DLQ topics and their last
 * records. One admin client for all of them (thread-safe); a short-lived consumer without a group for the DLQ tails,
 * so reading them never commits or joins anything.
 */
public final class KafkaProbe implements AutoCloseable {

    private static final int MAX_REASON_CHARS = 300;

    private final Admin admin;
    private final String bootstrapServers;
    private final Duration timeout;

    /**
     * @param bootstrapServers the brokers ({@code kafka.bootstrap.servers})
     * @param timeout timeout of each call
     */
    public KafkaProbe(String bootstrapServers, Duration timeout) {
        this.bootstrapServers = bootstrapServers;
        this.timeout = timeout;
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, "query-api-summary");
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        this.admin = Admin.create(p);
    }

    /** @return every topic name whose name ends with {@code .dlq} */
    public Set<String> deadLetterTopics() {
        return get(admin.listTopics().names()).stream().filter(t -> t.endsWith(".dlq")).collect(Collectors.toSet());
    }

    /**
     * @param topics topics, some possibly not created yet
     * @return the offsets of the topics that exist
     */
    public Map<String, TopicOffsets> offsets(Collection<String> topics) {
        Map<String, KafkaFuture<TopicDescription>> described = admin.describeTopics(topics).topicNameValues();
        List<TopicPartition> partitions = new ArrayList<>();
        for (Map.Entry<String, KafkaFuture<TopicDescription>> e : described.entrySet()) {
            try {
                get(e.getValue()).partitions().forEach(p -> partitions.add(new TopicPartition(e.getKey(), p.partition())));
            } catch (KafkaProbeException ex) {
                if (!(ex.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw ex;
                }
                // Not created yet (topics are created by the first producer or the provisioner): no offsets to show.
            }
        }
        if (partitions.isEmpty()) {
            return Map.of();
        }
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> earliest =
                get(admin.listOffsets(partitions.stream().collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.earliest()))).all());
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> latest =
                get(admin.listOffsets(partitions.stream().collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()))).all());
        Map<String, Map<Integer, Long>> starts = new HashMap<>();
        Map<String, Map<Integer, Long>> ends = new HashMap<>();
        for (TopicPartition tp : partitions) {
            starts.computeIfAbsent(tp.topic(), t -> new HashMap<>()).put(tp.partition(), earliest.get(tp).offset());
            ends.computeIfAbsent(tp.topic(), t -> new HashMap<>()).put(tp.partition(), latest.get(tp).offset());
        }
        Map<String, TopicOffsets> result = new HashMap<>();
        for (String topic : ends.keySet()) {
            result.put(topic, new TopicOffsets(topic, starts.get(topic), ends.get(topic)));
        }
        return result;
    }

    /**
     * @param group a consumer group id
     * @return its committed offsets per topic and partition; empty when the group does not exist
     */
    public Map<String, Map<Integer, Long>> committed(String group) {
        Map<TopicPartition, OffsetAndMetadata> offsets = get(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata());
        Map<String, Map<Integer, Long>> result = new HashMap<>();
        for (Map.Entry<TopicPartition, OffsetAndMetadata> e : offsets.entrySet()) {
            if (e.getValue() != null) {
                result.computeIfAbsent(e.getKey().topic(), t -> new HashMap<>()).put(e.getKey().partition(), e.getValue().offset());
            }
        }
        return result;
    }

    /**
     * @param offsets a DLQ topic's offsets
     * @param n how many records to return
     * @return its latest {@code n} records (by Kafka timestamp, newest first), reading at most {@code n} per partition
     */
    public List<DeadLetter> latest(TopicOffsets offsets, int n) {
        Map<TopicPartition, Long> from = new HashMap<>();
        Map<TopicPartition, Long> until = new HashMap<>();
        for (Map.Entry<Integer, Long> e : offsets.end().entrySet()) {
            long start = offsets.start().getOrDefault(e.getKey(), 0L);
            if (e.getValue() > start) {
                TopicPartition tp = new TopicPartition(offsets.topic(), e.getKey());
                from.put(tp, Math.max(start, e.getValue() - n));
                until.put(tp, e.getValue());
            }
        }
        if (from.isEmpty()) {
            return List.of();
        }
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "query-api-dlq-reader");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Math.max(1, n * from.size()));
        // Read committed: a DLQ written transactionally would otherwise show an aborted record's reason.
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<DeadLetter> letters = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(from.keySet());
            from.forEach(consumer::seek);
            long deadline = System.nanoTime() + timeout.toNanos();
            Map<TopicPartition, Long> remaining = new HashMap<>(until);
            while (!remaining.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    letters.add(new DeadLetter(Instant.ofEpochMilli(r.timestamp()), header(r, "reason"), header(r, "source"),
                            r.key() == null ? null : clip(new String(r.key(), StandardCharsets.UTF_8)), r.partition(), r.offset()));
                }
                // Done with a partition once its position reaches the end seen above (transaction markers included).
                remaining.keySet().removeIf(tp -> consumer.position(tp) >= remaining.get(tp));
            }
        }
        letters.sort(Comparator.comparing(DeadLetter::at).thenComparing(DeadLetter::offset).reversed());
        return List.copyOf(letters.subList(0, Math.min(n, letters.size())));
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null || h.value() == null ? null : clip(new String(h.value(), StandardCharsets.UTF_8));
    }

    private static String clip(String s) {
        return s.length() <= MAX_REASON_CHARS ? s : s.substring(0, MAX_REASON_CHARS) + "…";
    }

    private <T> T get(KafkaFuture<T> future) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaProbeException("interrupted", e);
        } catch (ExecutionException e) {
            throw new KafkaProbeException(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new KafkaProbeException("Kafka did not answer within " + timeout, e);
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(2));
    }

    /** A Kafka call that failed or timed out; the summary reports its message. */
    public static final class KafkaProbeException extends RuntimeException {
        KafkaProbeException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
