package io.marketflow.sink.messaging;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import io.marketflow.sink.config.DatasetCatalog;
import io.marketflow.sink.domain.CutMarker;
import io.marketflow.sink.domain.DatasetSpec;
import io.marketflow.sink.domain.PartitionSegment;
import io.marketflow.sink.domain.RowBuffer;
import io.marketflow.sink.domain.SegmentName;

/**
 * What one cut of segments [S, E] writes and commits: the write-ahead markers (S, {@code cut=E}), the files named
 * {@code topic+p+S+E.parquet}, the final commits (E+1), and the first attempt's copies in an older layout to delete.
 *
 * @param segments    the segments cut (those with offsets, not revoked)
 * @param markers     step 1, only for segments with rows
 * @param files       step 2, one per Hive path
 * @param staleCopies deleted after step 2, before step 3
 * @param finals      step 3
 * @param bytes       estimated bytes of the rows cut (they count against the memory cap until the cut is finished)
 * @param oldestEvents the oldest event time of each segment with rows, for the durability latency
 */
record CutPlan(List<PartitionSegment> segments, Map<TopicPartition, OffsetAndMetadata> markers, List<PendingFile> files,
               List<StaleCopies> staleCopies, Map<TopicPartition, OffsetAndMetadata> finals, long bytes, List<Long> oldestEvents) {

    /**
     * @param toCut   segments to cut; those without offsets or revoked are left out
     * @param catalog datasets by topic
     * @return the plan, with no segments when there is nothing to cut
     */
    static CutPlan of(List<PartitionSegment> toCut, DatasetCatalog catalog) {
        List<PendingFile> files = new ArrayList<>();
        List<StaleCopies> staleCopies = new ArrayList<>();
        Map<TopicPartition, OffsetAndMetadata> markers = new HashMap<>();
        Map<TopicPartition, OffsetAndMetadata> finals = new HashMap<>();
        List<PartitionSegment> cut = new ArrayList<>();
        for (PartitionSegment segment : toCut) {
            if (!segment.hasOffsets() || segment.revoked()) {
                continue;
            }
            TopicPartition tp = new TopicPartition(segment.topic(), segment.partition());
            long start = segment.start();
            long end = segment.last();
            if (segment.rows() > 0) {
                DatasetSpec spec = catalog.forTopic(segment.topic()).orElseThrow();
                SegmentName name = new SegmentName(segment.topic(), segment.partition(), start, end);
                List<String> keys = new ArrayList<>();
                for (Map.Entry<String, RowBuffer> path : segment.rowsByPath().entrySet()) {
                    String key = spec.directory(path.getKey()) + name.fileName();
                    keys.add(key);
                    files.add(new PendingFile(segment, spec, key, path.getValue()));
                }
                // A replay commits the interrupted marker unchanged: until its final commit, it still says where the
                // first attempt's files went.
                String marker = segment.marker() != null ? segment.marker() : CutMarker.of(end, spec);
                markers.put(tp, new OffsetAndMetadata(start, marker));
                CutMarker.writtenAs(marker).filter(w -> !w.layout().equals(spec.layoutFingerprint()))
                        .ifPresent(w -> staleCopies.add(new StaleCopies(segment, w, name.fileName(), spec.bucket(), Set.copyOf(keys))));
            }
            finals.put(tp, new OffsetAndMetadata(end + 1));
            cut.add(segment);
        }
        long bytes = 0;
        List<Long> oldestEvents = new ArrayList<>();
        for (PartitionSegment segment : cut) {
            bytes += segment.bufferedBytes();
            if (segment.oldestEventMillis() != Long.MAX_VALUE && segment.rows() > 0) {
                oldestEvents.add(segment.oldestEventMillis());
            }
        }
        return new CutPlan(cut, markers, files, staleCopies, finals, bytes, oldestEvents);
    }

    /** The first attempt's files of a replayed range, written in another layout, to delete once the replay's are durable. */
    record StaleCopies(PartitionSegment segment, CutMarker.WrittenAs writtenAs, String fileName, String bucket, Set<String> written) {
    }

    /** One file of a cut, encoded and ready to PUT. */
    record PendingFile(PartitionSegment segment, DatasetSpec spec, String key, RowBuffer rows) {
    }
}
