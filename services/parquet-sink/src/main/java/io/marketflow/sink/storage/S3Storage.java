package io.marketflow.sink.storage;

import java.util.ArrayList;
import java.util.List;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@link Storage} on any S3-compatible endpoint (MinIO, AWS S3, S3Proxy) through the AWS SDK v2; a single PUT is atomic.
 */
public final class S3Storage implements Storage {

    private final S3Client s3;
    private final String endpoint;

    /**
     * @param s3 the configured client (endpoint, region, path style, keys from {@code marketflow.s3.*})
     * @param endpoint the endpoint, for logs
     */
    public S3Storage(S3Client s3, String endpoint) {
        this.s3 = s3;
        this.endpoint = endpoint;
    }

    @Override
    public void ensureBucket(String bucket) {
        try {
            s3.headBucket(b -> b.bucket(bucket));
        } catch (NoSuchBucketException e) {
            try {
                s3.createBucket(b -> b.bucket(bucket));
            } catch (BucketAlreadyOwnedByYouException raced) {
                // Another sink instance created it first: that is what we wanted.
            }
        }
    }

    @Override
    public void put(String bucket, String key, byte[] bytes) {
        try {
            putOnce(bucket, key, bytes);
        } catch (NoSuchBucketException e) {
            // The bucket was removed behind our back (or never made it): create it and try once more.
            ensureBucket(bucket);
            putOnce(bucket, key, bytes);
        }
    }

    private void putOnce(String bucket, String key, byte[] bytes) {
        s3.putObject(p -> p.bucket(bucket).key(key).contentType("application/vnd.apache.parquet"), RequestBody.fromBytes(bytes));
    }

    @Override
    public List<StoredObject> list(String bucket, String prefix) {
        List<StoredObject> objects = new ArrayList<>();
        try {
            for (var page : s3.listObjectsV2Paginator(l -> l.bucket(bucket).prefix(prefix))) {
                for (S3Object object : page.contents()) {
                    objects.add(new StoredObject(object.key(), object.size()));
                }
            }
        } catch (NoSuchBucketException e) {
            return List.of();
        }
        objects.sort(java.util.Comparator.comparing(StoredObject::key));
        return objects;
    }

    @Override
    public byte[] get(String bucket, String key) {
        return s3.getObjectAsBytes(g -> g.bucket(bucket).key(key)).asByteArray();
    }

    @Override
    public void delete(String bucket, String key) {
        s3.deleteObject(d -> d.bucket(bucket).key(key));
    }

    @Override
    public String describe() {
        return "s3 " + endpoint;
    }
}
