package io.marketflow.aggregator.messaging;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The aggregator's meters ({@code marketflow_aggregator_*} in Prometheus): rows written, lag per input topic, live bars
 * still open, dead letters, skipped bars and late trades, database retries, completed runs. The gauges hold atomics the
 * bar loop sets and the scrape thread reads, never the loop's own maps.
 */
@ApplicationScoped
public class AggregatorMetrics {

    private final MeterRegistry registry;
    private final Counter rowsWritten;
    private final Counter unitsWritten;
    private final Counter dbRetries;
    private final Counter runsCompleted;
    private final AtomicLong lastRunCompleted = new AtomicLong();
    private final AtomicLong openBars = new AtomicLong();
    private final Map<String, AtomicLong> lag = new ConcurrentHashMap<>();

    public AggregatorMetrics(MeterRegistry registry) {
        this.registry = registry;
        rowsWritten = Counter.builder("marketflow.aggregator.rows.written").description("rows upserted into aggregated_data").register(registry);
        unitsWritten = Counter.builder("marketflow.aggregator.transactions").description("PostgreSQL transactions committed").register(registry);
        dbRetries = Counter.builder("marketflow.aggregator.db.retries").description("failed PostgreSQL writes, retried").register(registry);
        runsCompleted = Counter.builder("marketflow.aggregator.runs.completed").description("start_model signals sent").register(registry);
        registry.gauge("marketflow.aggregator.last.run.completed.timestamp.seconds", lastRunCompleted);
        Gauge.builder("marketflow.aggregator.open.bars", openBars, AtomicLong::get)
                .description("live bars read but not yet closed into a written row").register(registry);
    }

    /**
     * @param bars live bars open after a poll was processed, written and committed (set by the bar loop): with every lag
     *             gauge at 0 it says the aggregator has nothing left to write
     */
    public void openBars(long bars) {
        openBars.set(bars);
    }

    /** @return the last published count of open live bars */
    public long openBars() {
        return openBars.get();
    }

    /** @param rows rows committed in one transaction */
    public void committed(int rows) {
        rowsWritten.increment(rows);
        unitsWritten.increment();
    }

    /** @return rows written since start */
    public double rowsWritten() {
        return rowsWritten.count();
    }

    /** one failed write */
    public void dbRetry() {
        dbRetries.increment();
    }

    /** @param epochSeconds when a run's signal went out */
    public void runCompleted(long epochSeconds) {
        runsCompleted.increment();
        lastRunCompleted.set(epochSeconds);
    }

    /** @param topic a topic whose record went to its dead-letter topic */
    public void deadLetter(String topic) {
        registry.counter("marketflow.aggregator.dead.letters", "topic", topic).increment();
    }

    /** @param reason why a bar made no row */
    public void skippedBar(String reason) {
        registry.counter("marketflow.aggregator.skipped.bars", "reason", reason).increment();
    }

    /** @param n trades that arrived after their minute was written */
    public void lateTrades(long n) {
        registry.counter("marketflow.aggregator.late.trades").increment(n);
    }

    /**
     * @param topic an input topic
     * @param records records between this instance's position and the end, over its partitions
     */
    public void lag(String topic, long records) {
        lag.computeIfAbsent(topic, t -> registry.gauge("marketflow.aggregator.lag.records", io.micrometer.core.instrument.Tags.of("topic", t),
                new AtomicLong())).set(records);
    }

    /** @return the last lag per topic */
    public Map<String, Long> lagByTopic() {
        Map<String, Long> out = new java.util.TreeMap<>();
        lag.forEach((t, v) -> out.put(t, v.get()));
        return out;
    }
}
