package io.marketflow.query.summary;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** Records and lag from offsets, including partitions a group never committed and deleted log heads. */
class TopicOffsetsTest {

    @Test
    void lagCountsUncommittedPartitionsFromTheLogStartAndNeverBelowIt() {
        TopicOffsets o = new TopicOffsets("t", Map.of(0, 0L, 1, 10L, 2, 5L), Map.of(0, 6L, 1, 14L, 2, 5L));

        assertThat(o.records()).isEqualTo(6 + 4);
        assertThat(o.endSum()).isEqualTo(25);
        assertThat(o.lag(Map.of(0, 4L))).hasValue(2 + 4);
        // Committed before retention deleted the head: only what is still in the log is behind.
        assertThat(o.lag(Map.of(0, 6L, 1, 2L))).hasValue(4);
        assertThat(o.lag(Map.of())).isEmpty();
    }
}
