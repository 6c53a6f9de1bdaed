package io.marketflow.sink.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.junit.jupiter.api.Test;

/**
 * The segment writer's routing of records to segments, with a recording committer and local storage (no broker): a
 * replay cut at its marker, redelivered offsets skipped, invalid records dead-lettered and committed past.
 */
class SegmentWriterTest extends SegmentWriterTestBase {

    @Test
    void cutsAReplayedSegmentExactlyAtItsWriteAheadMarker() {
        SegmentWriter writer = writer(1000, Long.MAX_VALUE);
        writer.assigned(committed(new OffsetAndMetadata(5, "cut=7")));

        writer.process(trades(5, 12, "MSFT"));

        writer.awaitCuts();

        assertThat(files()).containsExactly("ticker=MSFT/trades+0+00000000000000000005+00000000000000000007.parquet");
        assertThat(committer.commits.get(committer.commits.size() - 1)).isEqualTo(Map.of(TP, new OffsetAndMetadata(8)));
    }

    @Test
    void skipsRedeliveredOffsetsBelowTheCommittedOne() {
        SegmentWriter writer = writer(3, Long.MAX_VALUE);
        writer.assigned(committed(new OffsetAndMetadata(4)));

        writer.process(trades(0, 6, "IBM"));

        writer.awaitCuts();

        assertThat(files()).containsExactly("ticker=IBM/trades+0+00000000000000000004+00000000000000000006.parquet");
    }

    @Test
    void sendsInvalidRecordsToTheDeadLetterSinkAndStillCommitsPastThem() {
        SegmentWriter writer = writer(3, Long.MAX_VALUE);
        writer.assigned(committed(null));
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>(trades(0, 1, "AAPL"));
        records.add(new ConsumerRecord<>(TOPIC, 0, 2, null, "oops".getBytes()));

        writer.process(records);

        writer.awaitCuts();
        writer.flushAll();

        assertThat(deadLetters).singleElement().asString().startsWith("2:not a valid Trade");
        assertThat(committer.commits.get(committer.commits.size() - 1)).isEqualTo(Map.of(TP, new OffsetAndMetadata(3)));
    }
}
