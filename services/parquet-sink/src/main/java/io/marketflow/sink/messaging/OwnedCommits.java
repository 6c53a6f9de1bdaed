package io.marketflow.sink.messaging;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.IllegalGenerationException;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.UnknownMemberIdException;
import org.jboss.logging.Logger;

import io.marketflow.sink.domain.PartitionSegment;

/** Commits a cut's write-ahead markers (step 1) and final offsets (step 3) only while its partitions are still ours. */
final class OwnedCommits {

    private static final Logger LOG = Logger.getLogger(OwnedCommits.class);

    private final OffsetCommitter offsets;
    private final Retrier retrier;
    private final StorageStatus status;

    /**
     * @param offsets commits and seeks on the owning consumer
     * @param retrier retries a commit that failed for another reason than a fence
     * @param status  storage health, up again once a commit went through
     */
    OwnedCommits(OffsetCommitter offsets, Retrier retrier, StorageStatus status) {
        this.offsets = offsets;
        this.retrier = retrier;
        this.status = status;
    }

    /**
     * Commits the write-ahead markers. When the group says the partitions are no longer ours, the cut is abandoned: the
     * segments restart at their start and the consumer seeks back, so a partition that stays ours loses nothing.
     *
     * @param markers (S, {@code cut=E}) per partition
     * @param cut     the segments cut
     * @return true when committed; false when the cut was abandoned
     */
    boolean markersOrAbandon(Map<TopicPartition, OffsetAndMetadata> markers, List<PartitionSegment> cut) {
        boolean ok = retrier.retry("write-ahead commit", () -> tryCommit(markers, () -> cut.stream().noneMatch(PartitionSegment::revoked)),
                () -> cut.stream().allMatch(PartitionSegment::revoked));
        if (ok) {
            return true;
        }
        for (PartitionSegment segment : cut) {
            // Not restartAt: a replay keeps its marker's end, and records fetched before the seek must not be taken.
            segment.rewind();
            if (!segment.revoked()) {
                seekQuietly(new TopicPartition(segment.topic(), segment.partition()), segment.start());
            }
        }
        return false;
    }

    /**
     * Commits E+1 of the segments that are still ours, all or nothing: if one partition moved meanwhile, the others'
     * next markers (E+1, cut=…) commit past S..E too.
     *
     * @param finals   E+1 per partition of the cut
     * @param segments the segments cut
     * @return true when committed or nothing was left to commit; false when every partition moved meanwhile
     */
    boolean finals(Map<TopicPartition, OffsetAndMetadata> finals, List<PartitionSegment> segments) {
        List<PartitionSegment> stillOurs = segments.stream().filter(s -> !s.revoked()).toList();
        Map<TopicPartition, OffsetAndMetadata> committable = new HashMap<>();
        for (PartitionSegment s : stillOurs) {
            TopicPartition tp = new TopicPartition(s.topic(), s.partition());
            committable.put(tp, finals.get(tp));
        }
        return committable.isEmpty() || retrier.retry("final commit",
                () -> tryCommit(committable, () -> stillOurs.stream().noneMatch(PartitionSegment::revoked)),
                () -> stillOurs.stream().allMatch(PartitionSegment::revoked));
    }

    /**
     * Seeks the consumer back; a partition that moved meanwhile is the next owner's.
     *
     * @param tp     the partition
     * @param offset where to read again; negative (no committed offset) does nothing
     */
    void seekQuietly(TopicPartition tp, long offset) {
        if (offset < 0) {
            return;
        }
        try {
            offsets.seek(tp, offset);
        } catch (RuntimeException e) {
            LOG.debugf("[seekQuietly] - %s not ours any more: %s", tp, e.getMessage());
        }
    }

    /**
     * @param owned asked on the consumer's thread right before committing: none of the segments was revoked meanwhile
     * @return true when committed; false when fenced (partition no longer ours); throws on a retriable failure
     */
    private boolean tryCommit(Map<TopicPartition, OffsetAndMetadata> offsetsToCommit, BooleanSupplier owned) {
        try {
            offsets.commit(offsetsToCommit, owned);
            status.up();
            return true;
        } catch (CommitFailedException | RebalanceInProgressException | FencedInstanceIdException | IllegalGenerationException
                 | UnknownMemberIdException e) {
            LOG.warnf("[tryCommit] - commit of %s refused, the partitions moved: %s", offsetsToCommit.keySet(), e.getMessage());
            return false;
        }
    }
}
