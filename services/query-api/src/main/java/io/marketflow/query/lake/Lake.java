package io.marketflow.query.lake;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.marketflow.query.config.QueryConfig;

import io.quarkus.logging.Log;

/**
 * The lake as queries see it: prune by the request's partition values, list (each prefix at most every
 * {@code listing-ttl}: compaction replaces objects, see {@link ListingCache}), and make the files local for DuckDB.
 */
@ApplicationScoped
public class Lake {

    private final LakeStorage storage;
    private final ListingCache listings;
    private final PartitionPruner pruner;
    private final LakeCatalog catalog;

    /**
     * @param storage S3 through the cache, or the local directory
     * @param catalog the datasets
     * @param config how long a prefix's listing is kept ({@code marketflow.query.lake.listing-ttl})
     */
    @Inject
    public Lake(LakeStorage storage, LakeCatalog catalog, QueryConfig config) {
        this(storage, catalog, config.lake().listingTtl());
    }

    /**
     * @param storage S3 through the cache, or the local directory
     * @param catalog the datasets
     * @param listingTtl how long a prefix's listing is kept; zero lists on every query
     */
    public Lake(LakeStorage storage, LakeCatalog catalog, Duration listingTtl) {
        this.storage = storage;
        this.listings = new ListingCache(storage, listingTtl, System::nanoTime);
        this.pruner = new PartitionPruner(listings);
        this.catalog = catalog;
    }

    /**
     * @param storage S3 through the cache, or the local directory
     * @param catalog the datasets
     */
    public Lake(LakeStorage storage, LakeCatalog catalog) {
        this(storage, catalog, Duration.ZERO);
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
                    listings.invalidate();
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
