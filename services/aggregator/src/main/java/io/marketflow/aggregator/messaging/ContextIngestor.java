package io.marketflow.aggregator.messaging;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

import io.marketflow.aggregator.config.AggregatorConfig;
import io.marketflow.aggregator.domain.Fundamentals;
import io.marketflow.aggregator.domain.MacroVintage;
import io.marketflow.aggregator.domain.SentimentItem;
import io.marketflow.aggregator.repository.ContextRepository;
import io.marketflow.contract.ContractJson;
import io.marketflow.contract.FundamentalsRecord;
import io.marketflow.contract.InvalidRecordException;
import io.marketflow.contract.MacroObservation;
import io.marketflow.contract.NewsArticle;
import io.marketflow.contract.SocialPost;
import io.marketflow.provider.Backoff;
import io.marketflow.registry.SchemaMigrator;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Copies the small context topics into the context tables. Every instance reads every partition from the beginning at
 * startup (no consumer group: the writes are idempotent upserts by natural key, so instances may race), and reports
 * itself caught up once it reached the end offsets it saw at startup: the gate the bar loop waits for.
 */
@ApplicationScoped
public class ContextIngestor {

    /** How often topics created after startup are looked for. */
    private static final Duration REDISCOVER = Duration.ofSeconds(30);
    private static final Duration FIRST_RETRY = Duration.ofMillis(200);

    private final AggregatorConfig config;
    private final KafkaClients clients;
    private final ContextRepository repository;
    private final Outbox outbox;
    private final SchemaMigrator migrator;
    private final AtomicLong version = new AtomicLong();
    private volatile boolean caughtUp;
    private volatile boolean running = true;
    private volatile String lastError;
    private Thread worker;

    public ContextIngestor(AggregatorConfig config, KafkaClients clients, ContextRepository repository, Outbox outbox, SchemaMigrator migrator) {
        this.config = config;
        this.clients = clients;
        this.repository = repository;
        this.outbox = outbox;
        this.migrator = migrator;
    }

    void onStart(@Observes StartupEvent event) {
        worker = new Thread(this::run, "aggregator-context");
        worker.setDaemon(true);
        worker.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        running = false;
        if (worker != null) {
            worker.interrupt();
        }
    }

    /** @return true once the context topics were read up to their end offsets at startup */
    public boolean caughtUp() {
        return caughtUp;
    }

    /** @return incremented after each committed context write, so snapshots know to reload */
    public long version() {
        return version.get();
    }

    /** @return the last error, or null */
    public String lastError() {
        return lastError;
    }

    private List<String> topics() {
        List<String> topics = new ArrayList<>(config.topics().macro());
        topics.add(config.topics().fundamentals());
        topics.add(config.topics().news());
        topics.add(config.topics().social());
        return topics;
    }

    private void run() {
        while (running && !migrator.migrated()) {
            pause(Duration.ofMillis(200));
        }
        // 200 ms first, doubled up to the cap; one loop per instance against its own database: no jitter
        Backoff.Attempts backoff = new Backoff(FIRST_RETRY, Collections.max(List.of(FIRST_RETRY, config.writer().maxBackoff())), Backoff.Jitter.NONE).attempts();
        while (running) {
            try (KafkaConsumer<String, byte[]> consumer = clients.consumer(null, 2000)) {
                List<TopicPartition> partitions = discover(consumer);
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
                Instant discoveredAt = Instant.now();
                while (running) {
                    if (partitions.isEmpty()) {
                        // no context topic exists yet: nothing to wait for; look again later
                        caughtUp = true;
                        pause(Duration.ofSeconds(1));
                    } else {
                        ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(500));
                        if (!records.isEmpty()) {
                            write(records);
                            version.incrementAndGet();
                        }
                    }
                    if (!caughtUp && reached(consumer, end)) {
                        caughtUp = true;
                        Log.infof("[context] - caught up with %d context partitions", partitions.size());
                    }
                    lastError = null;
                    backoff.reset();
                    if (Instant.now().isAfter(discoveredAt.plus(REDISCOVER))) {
                        discoveredAt = Instant.now();
                        List<TopicPartition> now = discover(consumer);
                        if (!now.equals(partitions)) {
                            List<TopicPartition> added = new ArrayList<>(now);
                            added.removeAll(partitions);
                            partitions = now;
                            consumer.assign(partitions);
                            consumer.seekToBeginning(added);
                        }
                    }
                }
            } catch (RuntimeException | SQLException e) {
                lastError = e.getMessage();
                Duration wait = backoff.next();
                Log.warnf("[context] - %s, restarting from the beginning in %s", e.getMessage(), wait);
                pause(wait);
            }
        }
    }

    private List<TopicPartition> discover(KafkaConsumer<String, byte[]> consumer) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics()) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
            if (infos != null) {
                infos.forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
            }
        }
        partitions.sort(java.util.Comparator.comparing(TopicPartition::toString));
        return partitions;
    }

    private static boolean reached(KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    private void write(ConsumerRecords<String, byte[]> records) throws SQLException {
        Map<String, MacroVintage> macro = new HashMap<>();
        Map<String, Fundamentals> fundamentals = new HashMap<>();
        Map<String, SentimentItem> items = new HashMap<>();
        List<String> macroTopics = config.topics().macro();
        for (ConsumerRecord<String, byte[]> r : records) {
            try {
                if (macroTopics.contains(r.topic())) {
                    MacroVintage v = MacroVintage.of(ContractJson.fromBytes(r.value(), MacroObservation.class));
                    macro.put(v.alias() + "|" + v.date() + "|" + v.realtimeStart(), v);
                } else if (r.topic().equals(config.topics().fundamentals())) {
                    FundamentalsRecord f = ContractJson.fromBytes(r.value(), FundamentalsRecord.class);
                    Fundamentals x = Fundamentals.of(f);
                    fundamentals.put(x.ticker() + "|" + x.period() + "|" + x.fiscalYear() + "|" + x.availableFrom(), x);
                } else if (r.topic().equals(config.topics().news())) {
                    NewsArticle a = ContractJson.fromBytes(r.value(), NewsArticle.class);
                    if (a.ticker() == null || a.ticker().isBlank()) {
                        throw new InvalidRecordException("news article " + a.id() + " has no ticker");
                    }
                    if (a.sentiment() != null) {
                        SentimentItem s = new SentimentItem(SentimentItem.NEWS, a.id(), a.ticker(), a.publishedAt(), a.sentiment());
                        items.put(s.kind() + "|" + s.id() + "|" + s.ticker(), s);
                    }
                } else if (r.topic().equals(config.topics().social())) {
                    SocialPost p = ContractJson.fromBytes(r.value(), SocialPost.class);
                    if (p.sentiment() != null) {
                        String ticker = p.ticker() == null ? SentimentItem.GENERAL : p.ticker();
                        SentimentItem s = new SentimentItem(SentimentItem.BLUESKY, p.id(), ticker, p.createdAt(), p.sentiment());
                        items.put(s.kind() + "|" + s.id() + "|" + s.ticker(), s);
                    }
                }
            } catch (InvalidRecordException | IllegalArgumentException | NullPointerException e) {
                outbox.deadLetter(r.topic(), r.key(), r.value(), e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            }
        }
        int corrected = repository.upsert(new ArrayList<>(macro.values()), new ArrayList<>(fundamentals.values()),
                new ArrayList<>(items.values()), config.context().macroLagDays());
        if (corrected > 0) {
            Log.infof("[context] - %d rows already written corrected for context that arrived after them", corrected);
        }
    }

    private static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
