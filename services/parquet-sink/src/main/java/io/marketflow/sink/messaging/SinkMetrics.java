package io.marketflow.sink.messaging;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The sink's Micrometer meters: rows, bytes and files per dataset, cut (commit) latency, open files, buffered bytes,
 * durable lag, DLQ records per topic and the event-time-to-durable latency.
 */
public final class SinkMetrics {

    private final MeterRegistry registry;
    private final AtomicLong openFiles = new AtomicLong();
    private final AtomicLong bufferedBytes = new AtomicLong();
    private final AtomicLong lag = new AtomicLong();
    private final Timer cutLatency;
    private final Timer durableLatency;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    /** @param registry the registry (Prometheus in the service, a simple one in tests) */
    public SinkMetrics(MeterRegistry registry) {
        this.registry = registry;
        registry.gauge("marketflow.sink.open.files", openFiles);
        registry.gauge("marketflow.sink.buffered.bytes", bufferedBytes);
        registry.gauge("marketflow.sink.consumer.lag", lag);
        this.cutLatency = Timer.builder("marketflow.sink.commit.latency")
                .description("Time of a cut: write-ahead commit, uploads, final commit")
                .publishPercentileHistogram()
                .register(registry);
        this.durableLatency = Timer.builder("marketflow.sink.event.durable.latency")
                .description("From the oldest record timestamp of a file to its offsets being committed")
                .publishPercentileHistogram()
                .register(registry);
    }

    void rowsWritten(String dataset, long rows, long bytes) {
        counter("marketflow.sink.records.written", "dataset", dataset).increment(rows);
        counter("marketflow.sink.bytes.written", "dataset", dataset).increment(bytes);
        counter("marketflow.sink.files.committed", "dataset", dataset).increment();
    }

    void deadLettered(String topic) {
        counter("marketflow.dlq.records", "topic", topic).increment();
    }

    void cut(Duration took) {
        cutLatency.record(took);
    }

    void durable(Duration sinceEvent) {
        durableLatency.record(sinceEvent.isNegative() ? Duration.ZERO : sinceEvent);
    }

    void gauges(long files, long bytes) {
        openFiles.set(files);
        bufferedBytes.set(bytes);
    }

    /** @param records records consumed by the group but not yet durable, summed over assigned partitions */
    public void lag(long records) {
        lag.set(records);
    }

    /** @return the registry, for summaries that tests read */
    public MeterRegistry registry() {
        return registry;
    }

    private Counter counter(String name, String tag, String value) {
        return counters.computeIfAbsent(name + '|' + value, k -> registry.counter(name, tag, value));
    }
}
