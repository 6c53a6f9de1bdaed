package io.marketflow.sink.messaging;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;

import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import io.marketflow.sink.domain.PartitionSegment;

/** Keeps the buffered rows under the memory and open-path caps: cuts the largest segment, waits for uploads, defers replays. */
final class MemoryGovernor {

    private static final Logger LOG = Logger.getLogger(MemoryGovernor.class);

    private final CutProtocol cuts;
    private final OwnedCommits commits;
    private final long maxBufferedBytes;
    private final int maxOpenFiles;

    /**
     * @param cuts             cuts segments and holds the cuts in flight, whose rows still count
     * @param commits          seeks a deferred replay back to its start
     * @param maxBufferedBytes global buffer cap
     * @param maxOpenFiles     global open-path cap
     */
    MemoryGovernor(CutProtocol cuts, OwnedCommits commits, long maxBufferedBytes, int maxOpenFiles) {
        this.cuts = cuts;
        this.commits = commits;
        this.maxBufferedBytes = maxBufferedBytes;
        this.maxOpenFiles = maxOpenFiles;
    }

    /**
     * Cuts, waits or defers until the buffers are within the caps again; on the writer's thread, which is the
     * back-pressure (the consumer pauses meanwhile).
     *
     * @param segments the open segments
     */
    void enforce(Collection<PartitionSegment> segments) {
        while (totalBuffered(segments) > maxBufferedBytes || totalOpenFiles(segments) > maxOpenFiles) {
            // Cut the largest segment first: it frees the most memory per round of commits.
            PartitionSegment largest = segments.stream()
                    .filter(s -> s.hasOffsets() && s.forcedEnd().isEmpty() && s.rows() > 0)
                    .max(Comparator.comparingLong(PartitionSegment::bufferedBytes))
                    .orElse(null);
            if (cuts.inFlight() && (largest == null || cuts.inFlightBytes() >= maxBufferedBytes / 2)) {
                // Rows of a cut in flight still count: waiting for the oldest upload frees memory, and the consumer
                // pauses meanwhile (this thread is the back-pressure).
                cuts.awaitOldest();
                continue;
            }
            if (largest == null) {
                // Only replays are left, and they cannot be cut before their markers' ends: hold all but one back.
                deferReplays(segments);
                return;
            }
            LOG.debugf("[enforceMemoryBounds] - cutting %s (%d bytes, %d files)", largest.id(), largest.bufferedBytes(), largest.openFiles());
            cuts.cut(List.of(largest));
        }
    }

    /**
     * Once no replay is buffered any more, takes the next deferred one up again from its start.
     *
     * @param segments the open segments
     */
    void resumeDeferredReplay(Collection<PartitionSegment> segments) {
        PartitionSegment next = null;
        for (PartitionSegment s : segments) {
            if (s.revoked()) {
                continue;
            }
            if (s.forcedEnd().isPresent() && !s.deferred() && s.hasOffsets()) {
                return;
            }
            if (s.deferred() && next == null) {
                next = s;
            }
        }
        if (next != null) {
            next.resume();
            commits.seekQuietly(new TopicPartition(next.topic(), next.partition()), next.start());
        }
    }

    /**
     * @param segments the open segments
     * @return estimated bytes of every buffered row, open segments and cuts in flight
     */
    long totalBuffered(Collection<PartitionSegment> segments) {
        long sum = cuts.inFlightBytes();
        for (PartitionSegment s : segments) {
            sum += s.bufferedBytes();
        }
        return sum;
    }

    /**
     * @param segments the open segments
     * @return Hive paths open across them
     */
    long totalOpenFiles(Collection<PartitionSegment> segments) {
        long sum = 0;
        for (PartitionSegment s : segments) {
            sum += s.openFiles();
        }
        return sum;
    }

    /**
     * Above the memory cap with nothing else to cut: keeps the replay with the most rows buffered and defers the others
     * (their rows dropped, re-read from Kafka later). A replay holds no more than the segment its interrupted owner cut
     * under the same caps, so the buffers stay within the cap plus one such segment (and one poll batch), however many
     * replays land on this instance at once.
     */
    private void deferReplays(Collection<PartitionSegment> segments) {
        List<PartitionSegment> replays = segments.stream()
                .filter(s -> s.forcedEnd().isPresent() && !s.deferred() && !s.revoked() && s.rows() > 0)
                .sorted(Comparator.comparingLong(PartitionSegment::bufferedBytes).reversed())
                .toList();
        for (PartitionSegment replay : replays.subList(Math.min(1, replays.size()), replays.size())) {
            LOG.infof("[deferReplays] - %s: replay held back above the memory cap (%d bytes), re-read after the current one", replay.id(),
                    replay.bufferedBytes());
            replay.defer();
        }
    }
}
