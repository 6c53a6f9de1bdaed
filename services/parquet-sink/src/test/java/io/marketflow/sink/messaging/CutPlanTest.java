package io.marketflow.sink.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import io.marketflow.contract.ContractJson;
import io.marketflow.contract.Trade;
import io.marketflow.sink.config.DatasetCatalog;
import io.marketflow.sink.domain.CutMarker;
import io.marketflow.sink.domain.DatasetSpec;
import io.marketflow.sink.domain.PartitionSegment;
import io.marketflow.sink.domain.RecordType;
import io.marketflow.sink.domain.SegmentName;

/** What a cut writes and commits, plain JUnit: markers, file names per Hive path, final offsets, stale copies. */
class CutPlanTest {

    private static final String TOPIC = "trades";
    private static final TopicPartition TP = new TopicPartition(TOPIC, 0);
    private static final DatasetSpec SPEC = new DatasetSpec(TOPIC, "bucket", "", RecordType.TRADE, List.of("ticker"));
    private static final DatasetCatalog CATALOG = DatasetCatalog.of(List.of(SPEC));
    private final RecordConverter converter = new RecordConverter(CATALOG);

    /** Buffers trades from..to of one ticker as the writer does. */
    private void fill(PartitionSegment segment, long from, long to, String ticker) {
        for (long offset = from; offset <= to; offset++) {
            byte[] value = ContractJson.toBytes(Trade.synthetic(ticker, Instant.parse("2026-11-20T15:00:00Z").plusSeconds(offset), 10 + offset, 1));
            RecordConverter.Converted converted = converter.convert(new ConsumerRecord<>(TOPIC, 0, offset, null, value));
            for (RecordConverter.PathRow row : converted.rows()) {
                segment.add(row.path(), converted.layout(), row.flat(), offset);
            }
            segment.consumed(offset, 0);
        }
    }

    private static String fileName(long start, long end) {
        return new SegmentName(TOPIC, 0, start, end).fileName();
    }

    @Test
    void plansTheMarkerOneFilePerHivePathAndTheNextOffset() {
        PartitionSegment segment = new PartitionSegment(TOPIC, 0, 0, (String) null);
        fill(segment, 0, 4, "AAPL");
        fill(segment, 5, 6, "MSFT");

        CutPlan plan = CutPlan.of(List.of(segment), CATALOG);

        assertThat(plan.segments()).containsExactly(segment);
        assertThat(plan.markers()).isEqualTo(Map.of(TP, new OffsetAndMetadata(0, CutMarker.of(6, SPEC))));
        assertThat(plan.finals()).isEqualTo(Map.of(TP, new OffsetAndMetadata(7)));
        assertThat(plan.files()).extracting(CutPlan.PendingFile::key)
                .containsExactlyInAnyOrder("ticker=AAPL/" + fileName(0, 6), "ticker=MSFT/" + fileName(0, 6));
        assertThat(plan.staleCopies()).isEmpty();
        assertThat(plan.bytes()).isEqualTo(segment.bufferedBytes()).isPositive();
    }

    @Test
    void aReplayCommitsItsInterruptedMarkerUnchangedAndListsTheCopiesOfAnOlderLayout() {
        DatasetSpec before = new DatasetSpec(TOPIC, "bucket", "", RecordType.TRADE, List.of());
        String marker = CutMarker.of(4, before);
        PartitionSegment segment = new PartitionSegment(TOPIC, 0, 0, marker);
        fill(segment, 0, 4, "AAPL");

        CutPlan plan = CutPlan.of(List.of(segment), CATALOG);

        assertThat(plan.markers()).isEqualTo(Map.of(TP, new OffsetAndMetadata(0, marker)));
        assertThat(plan.staleCopies()).singleElement().satisfies(stale -> {
            assertThat(stale.writtenAs().layout()).isEqualTo(before.layoutFingerprint());
            assertThat(stale.fileName()).isEqualTo(fileName(0, 4));
            assertThat(stale.written()).containsExactly("ticker=AAPL/" + fileName(0, 4));
        });
    }

    @Test
    void aSegmentWithoutRowsCommitsPastItsOffsetsWithoutAMarkerOrFiles() {
        PartitionSegment segment = new PartitionSegment(TOPIC, 0, 3, (String) null);
        // Every record dead-lettered: offsets consumed, nothing buffered.
        segment.consumed(3, 0);
        segment.consumed(4, 0);

        CutPlan plan = CutPlan.of(List.of(segment), CATALOG);

        assertThat(plan.markers()).isEmpty();
        assertThat(plan.files()).isEmpty();
        assertThat(plan.finals()).isEqualTo(Map.of(TP, new OffsetAndMetadata(5)));
    }

    @Test
    void leavesOutRevokedSegmentsAndSegmentsWithoutOffsets() {
        PartitionSegment revoked = new PartitionSegment(TOPIC, 0, 0, (String) null);
        fill(revoked, 0, 2, "AAPL");
        revoked.revoke();
        PartitionSegment empty = new PartitionSegment(TOPIC, 1, 0, (String) null);

        CutPlan plan = CutPlan.of(List.of(revoked, empty), CATALOG);

        assertThat(plan.segments()).isEmpty();
        assertThat(plan.markers()).isEmpty();
        assertThat(plan.finals()).isEmpty();
    }
}
