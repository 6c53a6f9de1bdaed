package io.marketflow.query.lake;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sink's deterministic file name {@code {topic}+{partition}+{start:020d}+{end:020d}.parquet} (parquet-sink's
 * {@code SegmentName}). Compaction uploads a merged file over the union range before it deletes the sources, so a listing
 * may see both: the sources covered by another file of the same directory are dropped, and every row is read once.
 *
 * @param topic the topic
 * @param partition the Kafka partition
 * @param start first offset covered
 * @param end last offset covered (inclusive)
 */
public record SegmentName(String topic, int partition, long start, long end) {

    private static final Pattern NAME = Pattern.compile("(.+)\\+(\\d+)\\+(\\d{20})\\+(\\d{20})\\.parquet");

    /**
     * @param fileName an object's file name
     * @return the parsed name, empty when it is not a sink file
     */
    public static Optional<SegmentName> parse(String fileName) {
        Matcher m = NAME.matcher(fileName);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new SegmentName(m.group(1), Integer.parseInt(m.group(2)), Long.parseLong(m.group(3)), Long.parseLong(m.group(4))));
    }

    /**
     * @param other another name
     * @return true when this is another file of the same topic-partition whose range contains the other's
     */
    public boolean covers(SegmentName other) {
        return !equals(other) && topic.equals(other.topic) && partition == other.partition && start <= other.start && end >= other.end;
    }

    /**
     * @param objects Parquet objects of one listing
     * @return the objects without those another object of the same directory covers (a compaction's sources still present)
     */
    public static List<LakeObject> dropCovered(List<LakeObject> objects) {
        Map<String, List<SegmentName>> byDirectory = new HashMap<>();
        for (LakeObject o : objects) {
            parse(o.fileName()).ifPresent(n -> byDirectory.computeIfAbsent(o.bucket() + '/' + o.directory(), d -> new ArrayList<>()).add(n));
        }
        List<LakeObject> kept = new ArrayList<>(objects.size());
        for (LakeObject o : objects) {
            Optional<SegmentName> name = parse(o.fileName());
            boolean covered = name.isPresent() && byDirectory.get(o.bucket() + '/' + o.directory()).stream().anyMatch(n -> n.covers(name.get()));
            if (!covered) {
                kept.add(o);
            }
        }
        return kept;
    }
}
