package io.marketflow.sink.domain;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The open segment of one Kafka partition: offsets [start, last] consumed so far, their rows buffered per Hive path
 * in {@link RowBuffer}s.
 * A cut turns every path into one file named by the same [start, last] range, then the segment restarts at last + 1.
 * When the committed offset carried a write-ahead {@link CutMarker}, the segment must end exactly at that offset.
 */
public final class PartitionSegment {

    private final String topic;
    private final int partition;
    private Map<String, RowBuffer> rowsByPath = new LinkedHashMap<>();
    /**
     * Rows per path in the previous segment: the next buffer of a path starts a quarter larger instead of doubling its
     * way there. Its memory is bounded like the previous segment's, which held that many rows within the caps.
     */
    private Map<String, Integer> previousRows = Map.of();
    private long start;
    private long last = -1;
    private OptionalLong forcedEnd;
    /** The committed marker a replay must end at, as read from the group; null for a fresh segment. */
    private String marker;
    private long bufferedBytes;
    private int rows;
    private long openedAtNanos;
    private long oldestEventMillis = Long.MAX_VALUE;
    /**
     * After an abandoned cut ({@link #rewind}): the last offset consumed before it, -1 otherwise. The consumer was sought
     * back to {@link #start}, but records above this offset fetched before the seek still arrive (the rest of the
     * batch, a batch queued before the seek); they are stale until the re-delivery shows up with an offset at or below
     * it, and taking them would let the re-delivered S..E be skipped as already consumed.
     */
    private long staleAbove = -1;
    /** A replay held back ({@link #defer}): every record is skipped until {@link #resume}; the highest one seen. */
    private boolean deferred;
    private long seenWhileDeferred = -1;
    private volatile boolean revoked;

    /**
     * @param topic the topic
     * @param partition the partition
     * @param start the committed offset (where consumption resumes), or -1 when the group has none yet
     * @param forcedEnd the cut offset from a write-ahead marker, empty when none
     */
    public PartitionSegment(String topic, int partition, long start, OptionalLong forcedEnd) {
        this(topic, partition, start, forcedEnd.isPresent() ? CutMarker.of(forcedEnd.getAsLong()) : null);
    }

    /**
     * @param topic the topic
     * @param partition the partition
     * @param start the committed offset (where consumption resumes), or -1 when the group has none yet
     * @param marker the committed {@link CutMarker} metadata of an interrupted cut, null when none
     */
    public PartitionSegment(String topic, int partition, long start, String marker) {
        this.topic = topic;
        this.partition = partition;
        this.start = start;
        this.forcedEnd = CutMarker.parse(marker);
        this.marker = forcedEnd.isPresent() ? marker : null;
    }

    /**
     * @param offset a record's offset
     * @return true when the record must be skipped: already durable, already in this segment (a re-delivery), or
     *         fetched before the seek of a {@link #rewind}
     */
    public boolean skips(long offset) {
        if (deferred) {
            seenWhileDeferred = Math.max(seenWhileDeferred, offset);
            return true;
        }
        if (staleAbove >= 0) {
            if (offset > staleAbove) {
                return true;
            }
            // The first record of the re-delivery: from here on offsets come from the seek.
            staleAbove = -1;
        }
        return offset < start || offset <= last;
    }

    /**
     * @param offset a record's offset
     * @return true when this replayed segment must be cut before taking the record
     */
    public boolean mustCutBefore(long offset) {
        return forcedEnd.isPresent() && offset > forcedEnd.getAsLong() && last >= 0;
    }

    /**
     * @return true when this replayed segment has reached its recorded end
     */
    public boolean reachedForcedEnd() {
        return forcedEnd.isPresent() && last >= forcedEnd.getAsLong();
    }

    /**
     * Adds one row.
     *
     * @param hivePath the row's partition path
     * @param layout the dataset's layout
     * @param flat the row as its record type flattens it
     * @param offset the Kafka offset of its record
     */
    public void add(String hivePath, RowLayout layout, Object[] flat, long offset) {
        RowBuffer buffer = rowsByPath.get(hivePath);
        if (buffer == null) {
            int previous = previousRows.getOrDefault(hivePath, 0);
            buffer = new RowBuffer(layout.schema(), previous + previous / 4);
            rowsByPath.put(hivePath, buffer);
        } else {
            bufferedBytes -= buffer.heapBytes();
        }
        layout.append(buffer, flat, partition, offset);
        bufferedBytes += buffer.heapBytes();
        rows++;
    }

    /**
     * Records that an offset was consumed into this segment, whether it produced rows, none, or went to the DLQ.
     *
     * @param offset the offset
     * @param eventMillis the record's timestamp
     */
    public void consumed(long offset, long eventMillis) {
        if (start < 0) {
            start = offset;
        }
        if (last < 0 || last < start) {
            openedAtNanos = System.nanoTime();
        }
        last = offset;
        oldestEventMillis = Math.min(oldestEventMillis, eventMillis);
    }

    /** @return true when at least one offset was consumed since the last cut */
    public boolean hasOffsets() {
        return last >= 0 && last >= start;
    }

    /**
     * Starts the next segment after a completed cut (or after a cut abandoned because ownership moved).
     *
     * @param nextStart the first offset of the next segment
     */
    public void restartAt(long nextStart) {
        if (!rowsByPath.isEmpty()) {
            // The buffers now belong to the cut in flight; only their sizes stay, for the next ones.
            Map<String, Integer> sizes = new HashMap<>();
            rowsByPath.forEach((path, buffer) -> sizes.put(path, buffer.size()));
            previousRows = sizes;
            rowsByPath = new LinkedHashMap<>();
        }
        start = nextStart;
        last = nextStart - 1;
        forcedEnd = OptionalLong.empty();
        marker = null;
        bufferedBytes = 0;
        rows = 0;
        oldestEventMillis = Long.MAX_VALUE;
    }

    /**
     * Empties the segment after its cut was abandoned (the marker commit refused) while the partition stays ours: the
     * consumer is sought back to {@link #start}, and the segment takes S.. again from the re-delivery only. A replay
     * keeps its marker's end, so it still cuts where the interrupted cut did.
     */
    public void rewind() {
        long abandonedEnd = last;
        OptionalLong end = forcedEnd;
        String interrupted = marker;
        restartAt(start);
        forcedEnd = end;
        marker = interrupted;
        staleAbove = abandonedEnd;
    }

    /**
     * Holds a replay back so that only one replay is buffered at a time above the memory cap (a replay cannot be cut
     * before its marker's end): its rows are dropped and every record is skipped until {@link #resume}.
     */
    public void defer() {
        long buffered = last;
        rewind();
        seenWhileDeferred = Math.max(seenWhileDeferred, buffered);
        deferred = true;
    }

    /**
     * Takes a deferred replay up again; the caller seeks the consumer back to {@link #start}. Records fetched before
     * that seek are above every offset seen so far and stay skipped until the re-delivery shows up.
     */
    public void resume() {
        deferred = false;
        staleAbove = Math.max(staleAbove, seenWhileDeferred);
        seenWhileDeferred = -1;
    }

    /** @return true while this replay is held back */
    public boolean deferred() {
        return deferred;
    }

    /** @return rows per Hive path, in arrival order */
    public Map<String, RowBuffer> rowsByPath() {
        return rowsByPath;
    }

    /** @return the topic */
    public String topic() {
        return topic;
    }

    /** @return the partition */
    public int partition() {
        return partition;
    }

    /** @return the first offset of the segment */
    public long start() {
        return start;
    }

    /** @return the last offset consumed into the segment */
    public long last() {
        return last;
    }

    /** @return the interrupted cut's marker metadata of a replayed segment, null otherwise */
    public String marker() {
        return marker;
    }

    /** @return the write-ahead end of a replayed segment */
    public OptionalLong forcedEnd() {
        return forcedEnd;
    }

    /** @return estimated heap bytes of the buffered rows ({@link RowBuffer#heapBytes()}) */
    public long bufferedBytes() {
        return bufferedBytes;
    }

    /** @return buffered rows */
    public int rows() {
        return rows;
    }

    /** @return open partition paths (the files a cut would write) */
    public int openFiles() {
        return rowsByPath.size();
    }

    /** @return monotonic time of the first offset of this segment */
    public long openedAtNanos() {
        return openedAtNanos;
    }

    /** @return the oldest record timestamp in the segment, {@code Long.MAX_VALUE} when empty */
    public long oldestEventMillis() {
        return oldestEventMillis;
    }

    /** Marks the partition as no longer ours; set from the consumer's thread, read by the writer. */
    public void revoke() {
        revoked = true;
    }

    /** @return true once the partition was revoked or lost */
    public boolean revoked() {
        return revoked;
    }

    /** @return {@code topic-partition} */
    public String id() {
        return topic + "-" + partition;
    }
}
