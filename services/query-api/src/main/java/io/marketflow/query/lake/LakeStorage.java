package io.marketflow.query.lake;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Read-only access to the sink's objects: S3 through the local file cache, or the sink's local directory. */
public interface LakeStorage {

    /**
     * @param bucket a bucket
     * @param prefix a key prefix ending with a slash (or empty)
     * @return the key prefixes one level below, each ending with a slash (S3's delimiter listing)
     */
    List<String> childPrefixes(String bucket, String prefix);

    /**
     * @param bucket a bucket
     * @param prefix a key prefix (or empty)
     * @return every Parquet object under it, at any depth; none when the bucket does not exist
     */
    List<LakeObject> list(String bucket, String prefix);

    /**
     * @param object an object of a listing
     * @return a local file holding its bytes, for DuckDB; S3 objects are fetched into the cache first
     * @throws IOException when it cannot be read (for example deleted by compaction since the listing)
     */
    Path localFile(LakeObject object) throws IOException;

    /**
     * @param object an object of a listing
     * @param bytes how many bytes of its end
     * @return the last {@code bytes} bytes (a Parquet footer)
     * @throws IOException when it cannot be read
     */
    byte[] tail(LakeObject object, int bytes) throws IOException;

    /** Fails when the storage cannot be reached (readiness). */
    void ping();

    /** Called by a query when it stops using the files it asked for, so the cache may evict them again. */
    default void release(List<Path> files) {
    }
}
