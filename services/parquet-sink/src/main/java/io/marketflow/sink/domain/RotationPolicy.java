package io.marketflow.sink.domain;

import java.time.Duration;

/**
 * The rotation predicates: when a partition's open segment is cut. A replayed segment ignores them all and cuts only
 * at its recorded end, so that the replay rewrites the very same files.
 *
 * @param maxRecords cut at this many rows
 * @param maxSegmentBytes cut at this many estimated bytes
 * @param maxOpenTime cut this long after the segment's first offset
 */
public record RotationPolicy(int maxRecords, long maxSegmentBytes, Duration maxOpenTime) {

    /**
     * @param segment a segment
     * @return true when its size says cut now
     */
    public boolean rotateOnSize(PartitionSegment segment) {
        return segment.forcedEnd().isEmpty() && (segment.rows() >= maxRecords || segment.bufferedBytes() >= maxSegmentBytes);
    }

    /**
     * @param segment a segment
     * @param nowNanos monotonic now
     * @return true when the segment has been open long enough
     */
    public boolean rotateOnTime(PartitionSegment segment, long nowNanos) {
        return segment.forcedEnd().isEmpty() && segment.hasOffsets() && nowNanos - segment.openedAtNanos() >= maxOpenTime.toNanos();
    }
}
