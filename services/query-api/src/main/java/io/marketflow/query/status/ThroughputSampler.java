package io.marketflow.query.status;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.marketflow.query.summary.KafkaProbe;
import io.marketflow.query.summary.TopicOffsets;
import io.quarkus.logging.Log;

/**
 * Every {@code marketflow.query.status.sample-interval}, reads the raw topics' end offsets and the sink group's committed
 * offsets into the {@link ThroughputHistory}. Its own single daemon thread (the module has no scheduler extension);
 * a failed sample (Kafka down) is skipped, leaving a gap in the charts rather than a wrong rate.
 */
public final class ThroughputSampler implements AutoCloseable {

    private final KafkaProbe kafka;
    private final ThroughputHistory history;
    private final List<String> topics;
    private final String sinkGroup;
    private final Clock clock;
    private final ScheduledExecutorService executor;

    /**
     * @param kafka the admin probe
     * @param history where samples go
     * @param topics the raw topics to sample
     * @param sinkGroup the sink's consumer group
     * @param clock sample times
     */
    public ThroughputSampler(KafkaProbe kafka, ThroughputHistory history, List<String> topics, String sinkGroup, Clock clock) {
        this.kafka = kafka;
        this.history = history;
        this.topics = List.copyOf(topics);
        this.sinkGroup = sinkGroup;
        this.clock = clock;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "status-sampler");
            t.setDaemon(true);
            return t;
        });
    }

    /** @param intervalMillis the sampling interval; the first sample is taken at once */
    public void start(long intervalMillis) {
        executor.scheduleWithFixedDelay(this::sampleQuietly, 0, intervalMillis, TimeUnit.MILLISECONDS);
    }

    /** Takes one sample now (also what the schedule runs). */
    public void sample() {
        Map<String, TopicOffsets> offsets = kafka.offsets(topics);
        Map<String, Map<Integer, Long>> committed = kafka.committed(sinkGroup);
        Map<String, Long> ends = new HashMap<>();
        Map<String, Long> lags = new HashMap<>();
        for (TopicOffsets o : offsets.values()) {
            ends.put(o.topic(), o.endSum());
            OptionalLong lag = o.lag(committed.getOrDefault(o.topic(), Map.of()));
            if (lag.isPresent()) {
                lags.put(o.topic(), lag.getAsLong());
            }
        }
        history.add(new ThroughputHistory.Sample(clock.instant(), ends, lags));
    }

    private void sampleQuietly() {
        try {
            sample();
        } catch (RuntimeException e) {
            Log.debugf("[sample] - skipped: %s", e.toString());
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
