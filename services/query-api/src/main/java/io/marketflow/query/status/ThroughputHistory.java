package io.marketflow.query.status;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The last hour (or whatever window) of samples in memory: a bounded ring of (time, end-offset sum per topic, sink lag
 * per topic). Records per second are differences of end-offset sums, so retention deleting old records changes nothing.
 * Thread-safe: the sampler appends, requests read.
 */
public final class ThroughputHistory {

    /**
     * One sample.
     *
     * @param at when the offsets were read
     * @param endOffsets per topic the sum of its partitions' end offsets
     * @param sinkLag per topic the sink group's lag (absent when the group has not committed there)
     */
    public record Sample(Instant at, Map<String, Long> endOffsets, Map<String, Long> sinkLag) {
        public Sample {
            endOffsets = Map.copyOf(endOffsets);
            sinkLag = Map.copyOf(sinkLag);
        }
    }

    /**
     * One chart point: the rate between two consecutive samples, and the lag at the later one.
     *
     * @param at the later sample's time
     * @param recordsPerSecond records written to the topic per second since the previous sample
     * @param sinkLag the sink's lag then, null when unknown
     */
    public record Point(Instant at, double recordsPerSecond, Long sinkLag) {
    }

    private final Duration window;
    private final int capacity;
    private final Deque<Sample> samples = new ArrayDeque<>();

    /**
     * @param window how much history to keep
     * @param interval the sampling interval (sizes the ring)
     */
    public ThroughputHistory(Duration window, Duration interval) {
        this.window = window;
        this.capacity = (int) Math.max(2, window.toMillis() / Math.max(1, interval.toMillis()) + 1);
    }

    /** @param sample the newest sample; the oldest falls out when the ring is full or it is older than the window */
    public synchronized void add(Sample sample) {
        samples.addLast(sample);
        while (samples.size() > capacity || samples.peekFirst().at().isBefore(sample.at().minus(window))) {
            samples.removeFirst();
        }
    }

    /** @return the samples, oldest first */
    public synchronized List<Sample> samples() {
        return List.copyOf(samples);
    }

    /**
     * @param topic a topic
     * @param over how far back to measure
     * @return records per second over the newest samples spanning about {@code over}; empty with fewer than two samples
     */
    public synchronized OptionalDouble rate(String topic, Duration over) {
        if (samples.size() < 2) {
            return OptionalDouble.empty();
        }
        Sample last = samples.peekLast();
        if (!last.endOffsets().containsKey(topic)) {
            return OptionalDouble.empty();
        }
        Sample from = null;
        for (Sample s : samples) {
            // The oldest sample within the span that knows the topic (it may have been created since).
            if (s != last && !s.at().isBefore(last.at().minus(over)) && s.endOffsets().containsKey(topic)) {
                from = s;
                break;
            }
        }
        if (from == null) {
            // The span is shorter than one step: the step before the newest.
            List<Sample> all = new ArrayList<>(samples);
            from = all.get(all.size() - 2);
        }
        return rate(from, last, topic);
    }

    /**
     * @param topic a topic
     * @return a chart point per consecutive pair of samples in which the topic exists
     */
    public synchronized List<Point> points(String topic) {
        List<Point> points = new ArrayList<>();
        Sample previous = null;
        for (Sample s : samples) {
            if (previous != null) {
                OptionalDouble r = rate(previous, s, topic);
                if (r.isPresent()) {
                    points.add(new Point(s.at(), r.getAsDouble(), s.sinkLag().get(topic)));
                }
            }
            previous = s;
        }
        return points;
    }

    private static OptionalDouble rate(Sample from, Sample to, String topic) {
        Long a = from.endOffsets().get(topic);
        Long b = to.endOffsets().get(topic);
        double seconds = Duration.between(from.at(), to.at()).toMillis() / 1000.0;
        if (a == null || b == null || seconds <= 0) {
            return OptionalDouble.empty();
        }
        // A recreated topic restarts its offsets: a negative difference is not a rate.
        return OptionalDouble.of(Math.max(0, b - a) / seconds);
    }
}
