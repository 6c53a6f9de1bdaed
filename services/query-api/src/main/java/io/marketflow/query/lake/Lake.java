package io.marketflow.query.lake;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;

/**
 * The lake as queries see it: prune by the request's partition values, list (on every query: compaction replaces
 * objects), and make the files local for DuckDB.
 */
@ApplicationScoped
public class Lake {

    private final LakeStorage storage;
    private final PartitionPruner pruner;
    private final LakeCatalog catalog;

    /**
     * @param storage S3 through the cache, or the local directory
     * @param catalog the datasets
     */
    public Lake(LakeStorage storage, LakeCatalog catalog) {
        this.storage = storage;
        this.pruner = new PartitionPruner(storage);
        this.catalog = catalog;
    }

    /** @return the datasets */
    public LakeCatalog catalog() {
        return catalog;
    }

    /** @return the storage (listings, readiness) */
    public LakeStorage storage() {
        return storage;
    }

    /**
     * @param dataset a dataset
     * @param filter what the request fixes
     * @return the objects that may hold wanted rows, without reading them
     */
    public List<LakeObject> list(LakeDataset dataset, PartitionFilter filter) {
        return pruner.objects(dataset, filter);
    }

    /**
     * @param datasets the datasets of one query (news reads finnhub and newsapi)
     * @param filter what the request fixes, applied to each
     * @return their files, local and pinned; close it when the query's result is written
     */
    public LakeFiles files(List<LakeDataset> datasets, PartitionFilter filter) {
        LakeFiles files = new LakeFiles(storage);
        try {
            for (LakeDataset dataset : datasets) {
                List<LakeObject> listed = pruner.objects(dataset, filter);
                List<Path> local;
                try {
                    local = fetch(listed);
                } catch (IOException e) {
                    // Compaction deleted a source between the listing and the GET: its merged file exists now.
                    Log.debugf("[files] - %s, listing %s again", e.getMessage(), dataset.topic());
                    listed = pruner.objects(dataset, filter);
                    local = fetch(listed);
                }
                files.add(dataset, listed, local);
            }
            return files;
        } catch (IOException e) {
            files.close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            files.close();
            throw e;
        }
    }

    private List<Path> fetch(List<LakeObject> listed) throws IOException {
        List<Path> local = new ArrayList<>(listed.size());
        try {
            for (LakeObject o : listed) {
                local.add(storage.localFile(o));
            }
        } catch (IOException | RuntimeException e) {
            storage.release(local);
            throw e;
        }
        return local;
    }
}
