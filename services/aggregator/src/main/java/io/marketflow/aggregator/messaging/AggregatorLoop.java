package io.marketflow.aggregator.messaging;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import io.marketflow.aggregator.config.AggregatorConfig;
import io.marketflow.aggregator.domain.PointInTimeContext;
import io.marketflow.aggregator.repository.AggregatedDataRepository;
import io.marketflow.aggregator.repository.ContextFence;
import io.marketflow.aggregator.repository.UnitOfWork;
import io.marketflow.calendar.MarketCalendar;
import io.marketflow.contract.ContractJson;
import io.marketflow.contract.InvalidRecordException;
import io.marketflow.contract.Trade;
import io.marketflow.contract.WeekBars;
import io.marketflow.provider.Backoff;
import io.marketflow.registry.SchemaMigrator;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * The bar loop, on its own thread: poll {@code h_alpaca} and {@code stock_trades} (consumer group, partitions by
 * ticker shared among instances), build the poll's unit of work, write it in one PostgreSQL transaction, then commit the
 * poll's offsets; so a crash at any point replays at most the uncommitted poll, whose upserts change nothing. A failed
 * write drops the in-memory state and rewinds to the committed offsets, retrying with backoff (PostgreSQL down: pause,
 * retry, recover without loss or double rows).
 */
@ApplicationScoped
public class AggregatorLoop {

    private static final Duration LAG_INTERVAL = Duration.ofSeconds(5);
    private static final Duration FIRST_RETRY = Duration.ofMillis(200);

    private final AggregatorConfig config;
    private final KafkaClients clients;
    private final AggregatedDataRepository repository;
    private final ContextSnapshots snapshots;
    private final ContextFence fence;
    private final ContextIngestor context;
    private final RunCompletion completion;
    private final Outbox outbox;
    private final AggregatorMetrics metrics;
    private final SchemaMigrator migrator;
    private final BarAggregator aggregator;
    private volatile boolean running = true;
    private volatile String state = "starting";
    private volatile String lastError;
    private Thread worker;
    /**
     * Set when the in-memory state was dropped (rebalance, failed write) and the position may have moved back; cleared by
     * the next lag measurement. Until then the open-bars gauge keeps its last value: the empty rollers of a reset beside
     * a lag gauge measured before it would read as "nothing left" while the rewound records wait to be read again.
     * Only the loop thread touches it (the rebalance listener runs inside its poll).
     */
    private boolean lagDue;

    public AggregatorLoop(AggregatorConfig config, KafkaClients clients, AggregatedDataRepository repository, ContextSnapshots snapshots,
                          ContextFence fence, ContextIngestor context, RunCompletion completion, Outbox outbox, AggregatorMetrics metrics,
                          SchemaMigrator migrator) {
        this.config = config;
        this.clients = clients;
        this.repository = repository;
        this.snapshots = snapshots;
        this.fence = fence;
        this.context = context;
        this.completion = completion;
        this.outbox = outbox;
        this.metrics = metrics;
        this.migrator = migrator;
        this.aggregator = new BarAggregator(MarketCalendar.nyse(), config.live().allMinutesForSynthetic(), config.live().grace(),
                repository, metrics);
    }

    void onStart(@Observes StartupEvent event) {
        worker = new Thread(this::run, "aggregator-bars");
        worker.setDaemon(true);
        worker.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        running = false;
        Thread w = worker;
        if (w != null) {
            try {
                w.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** @return what the loop is doing: starting, waiting-for-schema, waiting-for-context, running, retrying */
    public String state() {
        return state;
    }

    /** @return the last error, or null after a success */
    public String lastError() {
        return lastError;
    }

    private boolean gateOpen() {
        if (!migrator.migrated()) {
            state = "waiting-for-schema";
            return false;
        }
        if (config.context().waitForCaughtUp() && !context.caughtUp()) {
            state = "waiting-for-context";
            return false;
        }
        List<String> required = config.context().requiredMacroAliases().orElse(List.of());
        if (!required.isEmpty()) {
            try {
                PointInTimeContext ctx = snapshots.current();
                for (String alias : required) {
                    if (ctx.macro(alias, java.time.LocalDate.of(9999, 1, 1)) == null) {
                        state = "waiting-for-context";
                        return false;
                    }
                }
            } catch (SQLException e) {
                lastError = e.getMessage();
                return false;
            }
        }
        return true;
    }

    private void run() {
        while (running && !gateOpen()) {
            pause(Duration.ofMillis(200));
        }
        List<String> topics = new ArrayList<>();
        topics.add(config.topics().bars());
        if (config.live().enabled()) {
            topics.add(config.topics().trades());
        }
        // 200 ms first, doubled up to the cap; one loop per instance against its own database: no jitter
        Backoff.Attempts backoff = new Backoff(FIRST_RETRY, Collections.max(List.of(FIRST_RETRY, config.writer().maxBackoff())), Backoff.Jitter.NONE).attempts();
        Instant lagAt = Instant.EPOCH;
        try (KafkaConsumer<String, byte[]> consumer = clients.consumer(config.consumer().groupId(), config.consumer().maxPollRecords())) {
            consumer.subscribe(topics, new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    // every poll's offsets were committed after its write, so nothing is pending: only the caches go
                    aggregator.reset();
                    lagDue = true;
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    aggregator.reset();
                    lagDue = true;
                }
            });
            state = "running";
            while (running) {
                ConsumerRecords<String, byte[]> records = consumer.poll(config.consumer().pollTimeout());
                try {
                    UnitOfWork unit = new UnitOfWork();
                    Map<TopicPartition, Long> next = new HashMap<>();
                    // From the context version to the unit's commit no context correction can run (see ContextFence)
                    try (ContextFence.Hold hold = fence.hold()) {
                        PointInTimeContext ctx = snapshots.current(hold.version());
                        for (ConsumerRecord<String, byte[]> r : records) {
                            handle(r, ctx, unit);
                            next.put(new TopicPartition(r.topic(), r.partition()), r.offset() + 1);
                        }
                        aggregator.closeByWatermark(ctx, unit);
                        if (config.live().enabled()) {
                            aggregator.closeByClock(Instant.now(), config.live().closeGrace(), tp -> readToEnd(consumer, tp), ctx, unit);
                        }
                        if (!unit.isEmpty()) {
                            repository.write(unit);
                            metrics.committed(unit.rows().size());
                        }
                    }
                    commit(consumer, next);
                    if (!unit.weeks().isEmpty()) {
                        completion.check();
                    }
                    lastError = null;
                    state = "running";
                    backoff.reset();
                } catch (SQLException | RuntimeException e) {
                    metrics.dbRetry();
                    lastError = e.getMessage();
                    state = "retrying";
                    Duration wait = backoff.next();
                    Log.warnf("[run] - write failed (%s); rewinding to the committed offsets, retrying in %s", e.getMessage(), wait);
                    aggregator.reset();
                    lagDue = true;
                    rewind(consumer);
                    pause(wait);
                }
                // Open bars first, then the lag: both after the poll's records were processed, written and committed,
                // so a lag of 0 beside open bars of 0 means every record up to the end offsets measured is in a written
                // row (with the input stopped, nothing comes after them). The lag measured in an earlier poll, as the
                // open bars are published before it, is still such a measurement unless a reset moved the position back.
                if (!lagDue) {
                    metrics.openBars(aggregator.openBars());
                }
                if (lagDue || Instant.now().isAfter(lagAt.plus(LAG_INTERVAL))) {
                    lagAt = Instant.now();
                    if (updateLag(consumer)) {
                        lagDue = false;
                    }
                }
            }
        } catch (RuntimeException e) {
            lastError = e.getMessage();
            state = "stopped";
            Log.errorf(e, "[run] - bar loop stopped");
        }
    }

    private void handle(ConsumerRecord<String, byte[]> r, PointInTimeContext ctx, UnitOfWork unit) throws SQLException {
        try {
            if (r.topic().equals(config.topics().bars())) {
                WeekBars week = ContractJson.fromBytes(r.value(), WeekBars.class);
                aggregator.week(week, ctx, unit);
            } else {
                Trade trade = ContractJson.fromBytes(r.value(), Trade.class);
                if (!(trade.price() > 0) || !(trade.size() >= 0) || Double.isInfinite(trade.price()) || Double.isInfinite(trade.size())) {
                    throw new InvalidRecordException("trade price " + trade.price() + " / size " + trade.size() + " unusable");
                }
                aggregator.trade(new TopicPartition(r.topic(), r.partition()), r.offset(), trade, ctx, unit);
            }
        } catch (InvalidRecordException | NullPointerException | IllegalArgumentException e) {
            outbox.deadLetter(r.topic(), r.key(), r.value(), e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
    }

    /** @return true when the consumer's position is at the partition's end as of its last fetch (lag known and 0) */
    private static boolean readToEnd(KafkaConsumer<String, byte[]> consumer, TopicPartition tp) {
        try {
            OptionalLong lag = consumer.currentLag(tp);
            return lag.isPresent() && lag.getAsLong() == 0;
        } catch (IllegalStateException e) {
            return false; // no longer assigned
        }
    }

    private void commit(KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> next) {
        if (next.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        next.forEach((tp, offset) -> {
            long safe = tp.topic().equals(config.topics().trades()) ? aggregator.committable(tp, offset) : offset;
            if (safe != Long.MAX_VALUE) {
                offsets.put(tp, new OffsetAndMetadata(safe));
            }
        });
        consumer.commitSync(offsets);
    }

    private void rewind(KafkaConsumer<String, byte[]> consumer) {
        try {
            Set<TopicPartition> assigned = consumer.assignment();
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(assigned, Duration.ofSeconds(10));
            for (TopicPartition tp : assigned) {
                OffsetAndMetadata o = committed.get(tp);
                if (o == null) {
                    consumer.seekToBeginning(List.of(tp));
                } else {
                    consumer.seek(tp, o.offset());
                }
            }
        } catch (RuntimeException e) {
            Log.warnf("[rewind] - %s", e.getMessage());
        }
    }

    /** @return true when the lag of every assigned partition was measured and published */
    private boolean updateLag(KafkaConsumer<String, byte[]> consumer) {
        try {
            Set<TopicPartition> assigned = consumer.assignment();
            Map<TopicPartition, Long> end = consumer.endOffsets(assigned, Duration.ofSeconds(5));
            Map<String, Long> byTopic = new HashMap<>();
            for (TopicPartition tp : assigned) {
                long lag = Math.max(0, end.getOrDefault(tp, 0L) - consumer.position(tp, Duration.ofSeconds(5)));
                byTopic.merge(tp.topic(), lag, Long::sum);
            }
            byTopic.forEach(metrics::lag);
            return true;
        } catch (RuntimeException e) {
            Log.debugf("[lag] - %s", e.getMessage());
            return false;
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
