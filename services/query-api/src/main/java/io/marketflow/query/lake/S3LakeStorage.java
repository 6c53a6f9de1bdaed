package io.marketflow.query.lake;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The lake on S3 (MinIO, AWS S3, S3Proxy): listings on every query (compaction may have replaced objects), reads
 * through the {@link ObjectCache}.
 */
public final class S3LakeStorage implements LakeStorage {

    private final S3Client s3;
    private final ObjectCache cache;

    /**
     * @param s3 the client
     * @param cache the local copies DuckDB reads
     */
    public S3LakeStorage(S3Client s3, ObjectCache cache) {
        this.s3 = s3;
        this.cache = cache;
    }

    @Override
    public List<String> childPrefixes(String bucket, String prefix) {
        List<String> children = new ArrayList<>();
        try {
            s3.listObjectsV2Paginator(l -> l.bucket(bucket).prefix(prefix).delimiter("/"))
                    .forEach(page -> page.commonPrefixes().stream().map(CommonPrefix::prefix).forEach(children::add));
        } catch (NoSuchBucketException e) {
            return List.of();
        }
        return children;
    }

    @Override
    public List<LakeObject> list(String bucket, String prefix) {
        List<LakeObject> objects = new ArrayList<>();
        try {
            s3.listObjectsV2Paginator(l -> l.bucket(bucket).prefix(prefix)).forEach(page -> {
                for (S3Object o : page.contents()) {
                    if (o.key().endsWith(".parquet")) {
                        objects.add(new LakeObject(bucket, o.key(), o.size(), o.lastModified()));
                    }
                }
            });
        } catch (NoSuchBucketException e) {
            return List.of();
        }
        return objects;
    }

    @Override
    public Path localFile(LakeObject object) throws IOException {
        return cache.pin(object, (o, target) -> {
            try {
                s3.getObject(g -> g.bucket(o.bucket()).key(o.key()), target);
            } catch (SdkException e) {
                throw new IOException("cannot fetch s3://" + o.bucket() + "/" + o.key() + ": " + e.getMessage(), e);
            }
        });
    }

    @Override
    public byte[] tail(LakeObject object, int bytes) throws IOException {
        try {
            return s3.getObjectAsBytes(g -> g.bucket(object.bucket()).key(object.key()).range("bytes=-" + bytes)).asByteArray();
        } catch (SdkException e) {
            throw new IOException("cannot read the end of s3://" + object.bucket() + "/" + object.key() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void ping() {
        s3.listBuckets();
    }

    @Override
    public void release(List<Path> files) {
        cache.release(files);
    }
}
