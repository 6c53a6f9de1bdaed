package io.marketflow.query.summary;

import java.util.List;

/**
 * The two reads the summary makes of the lake: a bounded listing of a prefix and a file's tail. A small seam, so the
 * summary can later share the query engine's storage access (S3 or the sink's local layout) instead of its own.
 */
public interface LakeObjects {

    /**
     * One stored object.
     *
     * @param key the object key (relative path in local storage)
     * @param size its size in bytes
     */
    record StoredObject(String key, long size) {
    }

    /**
     * A listing, possibly cut short.
     *
     * @param objects the objects found, in key order
     * @param truncated true when more objects exist than were listed
     */
    record Listing(List<StoredObject> objects, boolean truncated) {
    }

    /**
     * @param bucket the bucket (or directory)
     * @param prefix the key prefix, empty for all
     * @param maxObjects most objects to return
     * @return the objects under the prefix, up to the cap; empty when the bucket does not exist yet
     */
    Listing list(String bucket, String prefix, int maxObjects);

    /**
     * @param bucket the bucket
     * @param key the object key
     * @param size the object's size
     * @param bytes how many closing bytes to read (at most the size)
     * @return the last {@code bytes} bytes of the object
     */
    byte[] tail(String bucket, String key, long size, int bytes);
}
