package io.marketflow.sink.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The compaction plan touches only committed ranges, repairs crashed merges and respects the target size. */
class CompactionPlanTest {

    private static String key(String dir, int partition, long start, long end) {
        return dir + new SegmentName("t", partition, start, end).fileName();
    }

    @Test
    void mergesOnlyFilesBelowTheCommittedOffsetPerDirectoryAndPartition() {
        Map<String, Long> objects = new LinkedHashMap<>();
        objects.put(key("a/", 0, 0, 9), 10L);
        objects.put(key("a/", 0, 10, 19), 10L);
        objects.put(key("a/", 0, 20, 29), 10L);
        objects.put(key("a/", 0, 30, 39), 10L); // not committed yet: the sink may still rewrite it
        objects.put(key("a/", 1, 0, 5), 10L);
        objects.put(key("b/", 0, 40, 49), 10L);

        CompactionPlan plan = CompactionPlan.plan(objects, "t", Map.of(0, 30L, 1, 6L), 2, 1000);

        assertThat(plan.coveredToDelete()).isEmpty();
        assertThat(plan.merges()).hasSize(1);
        CompactionPlan.Merge merge = plan.merges().get(0);
        assertThat(merge.sources()).containsExactly(key("a/", 0, 0, 9), key("a/", 0, 10, 19), key("a/", 0, 20, 29));
        assertThat(merge.targetKey()).isEqualTo(key("a/", 0, 0, 29));
    }

    @Test
    void deletesSourcesAMergedFileAlreadyCoversAfterACrash() {
        Map<String, Long> objects = new LinkedHashMap<>();
        objects.put(key("a/", 0, 0, 29), 30L);
        objects.put(key("a/", 0, 10, 19), 10L);

        CompactionPlan plan = CompactionPlan.plan(objects, "t", Map.of(0, 100L), 2, 1000);

        assertThat(plan.coveredToDelete()).containsExactly(key("a/", 0, 10, 19));
        assertThat(plan.merges()).isEmpty();
    }

    @Test
    void splitsMergesAtTheTargetSizeAndLeavesLoneFiles() {
        Map<String, Long> objects = new LinkedHashMap<>();
        for (int i = 0; i < 5; i++) {
            objects.put(key("a/", 0, i * 10L, i * 10L + 9), 40L);
        }

        CompactionPlan plan = CompactionPlan.plan(objects, "t", Map.of(0, 1000L), 2, 100);

        assertThat(plan.merges()).extracting(m -> m.sources().size()).containsExactly(2, 2);
        assertThat(plan.merges()).extracting(m -> m.target().end()).containsExactly(19L, 39L);
    }

    @Test
    void touchesNothingWithoutACommittedOffset() {
        Map<String, Long> objects = Map.of(key("a/", 0, 0, 9), 1L, key("a/", 0, 10, 19), 1L);
        assertThat(CompactionPlan.plan(objects, "t", Map.of(), 2, 1000).merges()).isEmpty();
        assertThat(CompactionPlan.plan(objects, "other", Map.of(0, 100L), 2, 1000).merges()).isEmpty();
    }
}
