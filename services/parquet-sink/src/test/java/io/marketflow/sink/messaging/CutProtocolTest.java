package io.marketflow.sink.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.junit.jupiter.api.Test;

import io.marketflow.sink.domain.CutMarker;

/**
 * The cut protocol through the writer, with a recording committer and local storage (no broker): the order of
 * write-ahead marker, uploads and final commit, and a fenced marker abandoning the cut and seeking back.
 */
class CutProtocolTest extends SegmentWriterTestBase {

    @Test
    void commitsTheCutAheadThenUploadsThenCommitsTheNextOffset() {
        SegmentWriter writer = writer(10, Long.MAX_VALUE);
        writer.assigned(committed(null));

        writer.process(trades(0, 9, "AAPL"));

        writer.awaitCuts();

        assertThat(committer.commits).containsExactly(
                Map.of(TP, new OffsetAndMetadata(0, CutMarker.of(9, SPEC))),
                Map.of(TP, new OffsetAndMetadata(10)));
        assertThat(files()).containsExactly("ticker=AAPL/trades+0+00000000000000000000+00000000000000000009.parquet");
    }

    @Test
    void abandonsTheCutAndSeeksBackWhenTheGroupFencesTheMarker() {
        SegmentWriter writer = writer(5, Long.MAX_VALUE);
        writer.assigned(committed(new OffsetAndMetadata(0)));
        committer.refuseNext = true;

        writer.process(trades(0, 4, "AAPL"));

        writer.awaitCuts();

        assertThat(files()).isEmpty();
        assertThat(committer.seeks).containsExactly(TP + "@0");
        writer.process(trades(0, 4, "AAPL"));
        writer.awaitCuts();
        assertThat(files()).hasSize(1);
    }

    @Test
    void anAbandonedCutTakesNoRecordFetchedBeforeItsSeekSoTheRedeliveryIsStoredWhole() {
        SegmentWriter writer = writer(5, Long.MAX_VALUE);
        writer.assigned(committed(new OffsetAndMetadata(0)));
        committer.refuseNext = true;

        // The marker of 0..4 is refused (a rebalance that kept the partition); 5..9 were fetched before the seek.
        writer.process(trades(0, 9, "AAPL"));
        writer.awaitCuts();
        assertThat(committer.seeks).containsExactly(TP + "@0");
        // After the seek the consumer delivers 0..9 again.
        writer.process(trades(0, 9, "AAPL"));
        writer.awaitCuts();

        assertThat(files()).containsExactly(
                "ticker=AAPL/trades+0+00000000000000000000+00000000000000000004.parquet",
                "ticker=AAPL/trades+0+00000000000000000005+00000000000000000009.parquet");
        assertThat(storedOffsets()).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
        assertThat(committer.commits.get(committer.commits.size() - 1)).isEqualTo(Map.of(TP, new OffsetAndMetadata(10)));
    }

    @Test
    void anAbandonedReplayKeepsItsWriteAheadMarkerAndCutsThereAgain() {
        SegmentWriter writer = writer(1000, Long.MAX_VALUE);
        writer.assigned(committed(new OffsetAndMetadata(5, "cut=7")));
        committer.refuseNext = true;

        writer.process(trades(5, 12, "MSFT"));
        writer.awaitCuts();
        writer.process(trades(5, 12, "MSFT"));
        writer.flushAll();

        assertThat(files()).containsExactly(
                "ticker=MSFT/trades+0+00000000000000000005+00000000000000000007.parquet",
                "ticker=MSFT/trades+0+00000000000000000008+00000000000000000012.parquet");
        assertThat(storedOffsets()).containsExactly(5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L);
    }
}
