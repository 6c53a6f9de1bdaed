package io.marketflow.sink.domain;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The deterministic object name of a file holding the rows of Kafka offsets [start, end] of one topic-partition:
 * {@code {topic}+{partition}+{start:020d}+{end:020d}.parquet}. A replay of the same range produces the same name, so a
 * rewrite replaces instead of duplicating; compaction's merged files use the same form over the union range.
 *
 * @param topic the topic
 * @param partition the Kafka partition
 * @param start first offset covered
 * @param end last offset covered (inclusive)
 */
public record SegmentName(String topic, int partition, long start, long end) {

    private static final Pattern NAME = Pattern.compile("(.+)\\+(\\d+)\\+(\\d{20})\\+(\\d{20})\\.parquet");

    /** @return the file name */
    public String fileName() {
        return String.format("%s+%d+%020d+%020d.parquet", topic, partition, start, end);
    }

    /**
     * @param other another name of the same topic-partition
     * @return true when this range contains the other's range
     */
    public boolean covers(SegmentName other) {
        return topic.equals(other.topic) && partition == other.partition && start <= other.start && end >= other.end;
    }

    /**
     * @param key an object key or file name
     * @return the parsed name, empty when the key is not a sink file
     */
    public static Optional<SegmentName> parse(String key) {
        String fileName = key.substring(key.lastIndexOf('/') + 1);
        Matcher m = NAME.matcher(fileName);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new SegmentName(m.group(1), Integer.parseInt(m.group(2)), Long.parseLong(m.group(3)), Long.parseLong(m.group(4))));
    }
}
