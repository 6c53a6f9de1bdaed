package io.marketflow.sink.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import io.marketflow.sink.SinkTestSupport;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The memory bounds through the writer, with a recording committer and local storage (no broker): the largest segment
 * cut at the buffer cap, one replay buffered at a time above it.
 */
class MemoryGovernorTest extends SegmentWriterTestBase {

    @Test
    void buffersOneReplayAtATimeAboveTheMemoryCapAndStoresEachWhole() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        SegmentWriter writer = writer(1000, 1_000, new SinkMetrics(registry));
        TopicPartition tp1 = new TopicPartition(TOPIC, 1);
        Map<TopicPartition, OffsetAndMetadata> replays = new HashMap<>();
        replays.put(TP, new OffsetAndMetadata(0, "cut=29"));
        replays.put(tp1, new OffsetAndMetadata(0, "cut=29"));
        writer.assigned(replays);

        // Both replays arrive interleaved, as two partitions of one poll do; neither may be cut before offset 29.
        List<ConsumerRecord<byte[], byte[]>> first = new ArrayList<>(trades(0, 0, 14, "AAPL"));
        first.addAll(trades(1, 0, 14, "MSFT"));
        writer.process(first);
        double openFilesWithBothHalfRead = registry.get("marketflow.sink.open.files").gauge().value();
        List<ConsumerRecord<byte[], byte[]>> second = new ArrayList<>(trades(0, 15, 29, "AAPL"));
        second.addAll(trades(1, 15, 29, "MSFT"));
        writer.process(second);
        writer.awaitCuts();
        // The held-back replay was sought back to its start; the consumer delivers it again.
        assertThat(committer.seeks).containsExactly(tp1 + "@0");
        writer.process(trades(1, 0, 29, "MSFT"));
        writer.awaitCuts();

        assertThat(openFilesWithBothHalfRead).as("paths buffered while both replays were half read").isEqualTo(1.0);
        assertThat(files()).containsExactly(
                "ticker=AAPL/trades+0+00000000000000000000+00000000000000000029.parquet",
                "ticker=MSFT/trades+1+00000000000000000000+00000000000000000029.parquet");
        for (String key : files()) {
            assertThat(SinkTestSupport.duckdbLongs(dir.resolve("bucket").resolve(key), "kafka_offset")).hasSize(30).doesNotHaveDuplicates();
        }
    }

    @Test
    void cutsTheLargestSegmentWhenTheBufferCapIsReached() throws Exception {
        SegmentWriter writer = writer(1_000_000, 4_000);
        writer.assigned(committed(null));

        writer.process(trades(0, 29, "AAPL"));

        writer.awaitCuts();

        assertThat(files()).isNotEmpty();
        assertThat(Files.walk(dir).filter(p -> p.toString().endsWith(".inprogress"))).isEmpty();
    }
}
