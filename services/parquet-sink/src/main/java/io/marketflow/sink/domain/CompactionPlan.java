package io.marketflow.sink.domain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one compaction round does in one dataset: delete files already covered by a merged file (left by a crash
 * between upload and delete), and merge small files of the same partition path and Kafka partition. Only files whose
 * end offset is below the group's committed offset are touched: the running sink never rewrites those ranges.
 *
 * @param coveredToDelete keys whose rows are already in another file that covers their range
 * @param merges the merges to perform
 */
public record CompactionPlan(List<String> coveredToDelete, List<Merge> merges) {

    /**
     * One merged file: its sources in offset order and the deterministic name covering their union range.
     *
     * @param directory the partition path prefix, ending with a slash (or empty)
     * @param sources source keys in offset order
     * @param target the merged name
     */
    public record Merge(String directory, List<String> sources, SegmentName target) {
        /** @return the merged file's key */
        public String targetKey() {
            return directory + target.fileName();
        }
    }

    /** A listed file with its parsed name. */
    private record Named(String key, String directory, SegmentName name, long size) {
    }

    /**
     * @param objects key → size of every object of the dataset
     * @param topic the dataset's topic; other topics' files are ignored
     * @param committed committed offset per Kafka partition of the topic (absent = nothing is safe)
     * @param minFiles merge a directory's partition only when it has at least this many eligible files
     * @param targetBytes cap of a merged file's summed source sizes
     * @return the plan
     */
    public static CompactionPlan plan(Map<String, Long> objects, String topic, Map<Integer, Long> committed, int minFiles, long targetBytes) {
        Map<String, List<Named>> groups = new LinkedHashMap<>();
        for (Map.Entry<String, Long> object : objects.entrySet()) {
            String key = object.getKey();
            SegmentName.parse(key).filter(n -> n.topic().equals(topic)).ifPresent(name -> {
                Long safeBelow = committed.get(name.partition());
                if (safeBelow != null && name.end() < safeBelow) {
                    String directory = key.substring(0, key.lastIndexOf('/') + 1);
                    groups.computeIfAbsent(directory + '|' + name.partition(), g -> new ArrayList<>())
                            .add(new Named(key, directory, name, object.getValue()));
                }
            });
        }
        List<String> covered = new ArrayList<>();
        List<Merge> merges = new ArrayList<>();
        for (List<Named> group : groups.values()) {
            Set<String> coveredHere = new HashSet<>();
            for (Named a : group) {
                for (Named b : group) {
                    if (a != b && a.name().covers(b.name()) && !coveredHere.contains(a.key())) {
                        coveredHere.add(b.key());
                    }
                }
            }
            covered.addAll(coveredHere);
            List<Named> eligible = group.stream().filter(n -> !coveredHere.contains(n.key()))
                    .sorted(Comparator.comparingLong(n -> n.name().start())).toList();
            if (eligible.size() < minFiles) {
                continue;
            }
            List<Named> chunk = new ArrayList<>();
            long bytes = 0;
            for (Named file : eligible) {
                if (!chunk.isEmpty() && bytes + file.size() > targetBytes) {
                    addMerge(merges, chunk);
                    chunk = new ArrayList<>();
                    bytes = 0;
                }
                chunk.add(file);
                bytes += file.size();
            }
            addMerge(merges, chunk);
        }
        return new CompactionPlan(covered, merges);
    }

    private static void addMerge(List<Merge> merges, List<Named> chunk) {
        if (chunk.size() < 2) {
            return;
        }
        Named first = chunk.get(0);
        Named last = chunk.get(chunk.size() - 1);
        SegmentName target = new SegmentName(first.name().topic(), first.name().partition(), first.name().start(), last.name().end());
        merges.add(new Merge(first.directory(), chunk.stream().map(Named::key).toList(), target));
    }
}
