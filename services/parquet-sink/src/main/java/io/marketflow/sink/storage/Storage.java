package io.marketflow.sink.storage;

import java.util.List;

/**
 * The little the sink needs from an object store: atomic whole-object PUT, list, get, delete. S3-compatible stores and
 * a local directory implement it, so both run the same segment and compaction code above.
 */
public interface Storage {

    /**
     * Creates the bucket when it does not exist yet.
     *
     * @param bucket the bucket
     */
    void ensureBucket(String bucket);

    /**
     * Writes an object whole; readers see either the old object or the new one, never a part.
     *
     * @param bucket the bucket
     * @param key the key
     * @param bytes the content
     */
    void put(String bucket, String key, byte[] bytes);

    /**
     * @param bucket the bucket
     * @param prefix a key prefix
     * @return every object under the prefix, sorted by key; none when the bucket does not exist
     */
    List<StoredObject> list(String bucket, String prefix);

    /**
     * @param bucket the bucket
     * @param key the key
     * @return the object's content
     */
    byte[] get(String bucket, String key);

    /**
     * Deletes an object; deleting a missing object is not an error.
     *
     * @param bucket the bucket
     * @param key the key
     */
    void delete(String bucket, String key);

    /** @return a short description for logs and health, e.g. {@code s3 http://localhost:9000} */
    String describe();
}
