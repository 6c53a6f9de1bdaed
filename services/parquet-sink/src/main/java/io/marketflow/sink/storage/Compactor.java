package io.marketflow.sink.storage;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;

import org.apache.parquet.schema.MessageType;
import org.jboss.logging.Logger;

import io.marketflow.sink.domain.CompactionPlan;
import io.marketflow.sink.domain.DatasetSpec;
import io.marketflow.sink.domain.SegmentName;
import io.marketflow.sink.format.parquet.ParquetFileMerger;

/**
 * Runs a {@link CompactionPlan} on a dataset: each merge uploads the merged file under its deterministic name first and
 * deletes the sources after, so a crash in between leaves only files the next run recognises as covered and deletes.
 * With several sink instances, each compacts only the Kafka partitions its consumer owns (the group makes that one
 * instance per partition), and checks again before deleting: two instances merging one partition's files from
 * different listings would leave overlapping merged files.
 */
public final class Compactor {

    private static final Logger LOG = Logger.getLogger(Compactor.class);

    private final Storage storage;
    private final ParquetFileMerger merger;
    private final int minFiles;
    private final long targetBytes;
    private Runnable afterMergedUpload = () -> {
    };

    /**
     * @param storage the store
     * @param merger the Parquet merger
     * @param minFiles files a partition path needs before it is merged
     * @param targetBytes cap of one merged file's sources
     */
    public Compactor(Storage storage, ParquetFileMerger merger, int minFiles, long targetBytes) {
        this.storage = storage;
        this.merger = merger;
        this.minFiles = minFiles;
        this.targetBytes = targetBytes;
    }

    /**
     * Compacts every partition: for a single instance (tests).
     *
     * @param spec the dataset
     * @param committed the sink group's committed offset per partition of the dataset's topic
     * @return what was done
     */
    public Result compact(DatasetSpec spec, Map<Integer, Long> committed) {
        return compact(spec, committed, partition -> true);
    }

    /**
     * @param spec the dataset
     * @param committed the sink group's committed offset per partition of the dataset's topic
     * @param owned whether this instance's consumer owns a partition of the topic now; asked before planning and again
     *              before each delete, so a partition that moves mid-run is left to its new owner
     * @return what was done
     */
    public Result compact(DatasetSpec spec, Map<Integer, Long> committed, IntPredicate owned) {
        Map<Integer, Long> ours = new LinkedHashMap<>();
        committed.forEach((partition, offset) -> {
            if (owned.test(partition)) {
                ours.put(partition, offset);
            }
        });
        if (ours.isEmpty()) {
            return new Result(spec.topic(), 0, List.of(), 0);
        }
        Map<String, Long> objects = new LinkedHashMap<>();
        for (StoredObject object : storage.list(spec.bucket(), spec.directory(""))) {
            objects.put(object.key(), object.size());
        }
        // Only partitions in the map are planned: the others' files are not this instance's to touch.
        CompactionPlan plan = CompactionPlan.plan(objects, spec.topic(), ours, minFiles, targetBytes);
        int coveredDeleted = 0;
        for (String key : plan.coveredToDelete()) {
            if (owned.test(partitionOf(key))) {
                storage.delete(spec.bucket(), key);
                coveredDeleted++;
            }
        }
        long rows = 0;
        List<String> written = new ArrayList<>();
        for (CompactionPlan.Merge merge : plan.merges()) {
            List<byte[]> sources = new ArrayList<>();
            for (String key : merge.sources()) {
                sources.add(storage.get(spec.bucket(), key));
            }
            MessageType schema = ParquetFileMerger.schemaOf(sources.get(0));
            if (sources.stream().anyMatch(s -> !ParquetFileMerger.schemaOf(s).equals(schema))) {
                // A schema change between segments: those files stay apart rather than being coerced.
                LOG.infof("[compact] - %s: sources have different schemas, left as they are", merge.targetKey());
                continue;
            }
            byte[] merged = merger.merge(schema, sources);
            rows += ParquetFileMerger.rowCount(merged);
            storage.put(spec.bucket(), merge.targetKey(), merged);
            afterMergedUpload.run();
            if (!owned.test(merge.target().partition())) {
                // Moved meanwhile: the sources are covered by the merged file, the new owner's next run deletes them.
                LOG.infof("[compact] - %s: partition moved after the merged upload, sources left to its new owner", merge.targetKey());
                continue;
            }
            for (String key : merge.sources()) {
                storage.delete(spec.bucket(), key);
            }
            written.add(merge.targetKey());
        }
        LOG.debugf("[compact] - %s: %d covered deleted, %d merged", spec.topic(), coveredDeleted, written.size());
        return new Result(spec.topic(), coveredDeleted, written, rows);
    }

    private static int partitionOf(String key) {
        return SegmentName.parse(key).orElseThrow().partition();
    }

    /** @param hook runs after each merged upload, before its sources are deleted (fault injection in tests) */
    public void afterMergedUpload(Runnable hook) {
        this.afterMergedUpload = hook;
    }

    /**
     * The outcome of one compaction of one dataset.
     *
     * @param dataset the topic
     * @param coveredDeleted leftover sources deleted
     * @param mergedFiles keys of the merged files written
     * @param mergedRows rows in the merged files
     */
    public record Result(String dataset, int coveredDeleted, List<String> mergedFiles, long mergedRows) {
    }
}
