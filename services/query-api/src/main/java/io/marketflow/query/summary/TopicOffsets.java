package io.marketflow.query.summary;

import java.util.Map;
import java.util.OptionalLong;

/**
 * A topic's log-start and end offsets per partition at one moment.
 *
 * @param topic the topic
 * @param start per partition the first offset still in the log
 * @param end per partition the offset the next record will get
 */
public record TopicOffsets(String topic, Map<Integer, Long> start, Map<Integer, Long> end) {

    public TopicOffsets {
        start = Map.copyOf(start);
        end = Map.copyOf(end);
    }

    /** @return the sum of the end offsets: grows by one per record written, whatever retention deletes */
    public long endSum() {
        return end.values().stream().mapToLong(Long::longValue).sum();
    }

    /** @return records currently in the log (end − start over the partitions) */
    public long records() {
        long n = 0;
        for (Map.Entry<Integer, Long> e : end.entrySet()) {
            n += e.getValue() - start.getOrDefault(e.getKey(), 0L);
        }
        return n;
    }

    /**
     * @param committed a group's committed offsets of this topic per partition
     * @return the group's lag (end − committed; a partition it never committed counts from the log start, where
     *         both groups' {@code auto.offset.reset=earliest} starts it), empty when the group committed nothing here
     */
    public OptionalLong lag(Map<Integer, Long> committed) {
        if (committed.isEmpty()) {
            return OptionalLong.empty();
        }
        long lag = 0;
        for (Map.Entry<Integer, Long> e : end.entrySet()) {
            long from = committed.getOrDefault(e.getKey(), start.getOrDefault(e.getKey(), 0L));
            lag += Math.max(0, e.getValue() - Math.max(from, start.getOrDefault(e.getKey(), 0L)));
        }
        return OptionalLong.of(lag);
    }
}
