package io.marketflow.query.lake;

import java.time.Instant;

/**
 * One Parquet object of the lake as a listing saw it.
 *
 * @param bucket the bucket (S3) or the topic folder (local storage)
 * @param key the key inside the bucket, Hive path included
 * @param size its size in bytes
 * @param lastModified when it was written
 */
public record LakeObject(String bucket, String key, long size, Instant lastModified) {

    /** @return the directory part of the key (its Hive path), ending with a slash, or empty */
    public String directory() {
        int slash = key.lastIndexOf('/');
        return slash < 0 ? "" : key.substring(0, slash + 1);
    }

    /** @return the file name part of the key */
    public String fileName() {
        return key.substring(key.lastIndexOf('/') + 1);
    }
}
