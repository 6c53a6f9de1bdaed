package io.marketflow.sink.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The upload pipeline through the writer, with a recording committer and local storage (no broker): a replay in a
 * changed layout deletes the first attempt's copies before its final commit.
 */
class UploadPipelineTest extends SegmentWriterTestBase {

    @Test
    void aReplayAfterAnUpgradeThatChangedThePartitioningDeletesTheCopiesOfTheOldLayout() {
        SegmentWriter before = writer(5, Long.MAX_VALUE);
        before.hook(new CutHook() {
            @Override
            public void afterUploads() {
                throw new CutHook.SimulatedCrash("after uploads, before the final commit");
            }
        });
        before.assigned(committed(new OffsetAndMetadata(0)));
        assertThatThrownBy(() -> {
            before.process(trades(0, 4, "AAPL"));
            before.awaitCuts();
        }).isInstanceOf(CutHook.SimulatedCrash.class);
        OffsetAndMetadata marker = committer.commits.get(committer.commits.size() - 1).get(TP);
        assertThat(files()).containsExactly("ticker=AAPL/trades+0+00000000000000000000+00000000000000000004.parquet");

        // The rolling upgrade: the dataset is no longer partitioned by ticker; the new version replays the marker.
        SegmentWriter after = writer(5, Long.MAX_VALUE, new SinkMetrics(new SimpleMeterRegistry()), List.of());
        after.assigned(committed(marker));
        after.process(trades(0, 4, "AAPL"));
        after.awaitCuts();

        assertThat(files()).containsExactly("trades+0+00000000000000000000+00000000000000000004.parquet");
        assertThat(storedOffsets()).containsExactly(0L, 1L, 2L, 3L, 4L);
        assertThat(committer.commits.get(committer.commits.size() - 1)).isEqualTo(Map.of(TP, new OffsetAndMetadata(5)));
    }
}
