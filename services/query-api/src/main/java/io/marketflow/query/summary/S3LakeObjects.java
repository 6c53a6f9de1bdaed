package io.marketflow.query.summary;

import java.util.ArrayList;
import java.util.List;

import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Object;

/** The lake in S3 (MinIO, AWS S3, S3Proxy): paginated ListObjectsV2 with a cap, ranged GETs for footers. */
public final class S3LakeObjects implements LakeObjects {

    private static final int PAGE = 1000;

    private final S3Client s3;

    /** @param s3 the configured client ({@code quarkus.s3.*}) */
    public S3LakeObjects(S3Client s3) {
        this.s3 = s3;
    }

    @Override
    public Listing list(String bucket, String prefix, int maxObjects) {
        List<StoredObject> objects = new ArrayList<>();
        String token = null;
        try {
            do {
                ListObjectsV2Request.Builder request = ListObjectsV2Request.builder().bucket(bucket)
                        .maxKeys(Math.min(PAGE, maxObjects - objects.size() + 1));
                if (!prefix.isEmpty()) {
                    request.prefix(prefix);
                }
                if (token != null) {
                    request.continuationToken(token);
                }
                ListObjectsV2Response page = s3.listObjectsV2(request.build());
                for (S3Object o : page.contents()) {
                    if (objects.size() == maxObjects) {
                        return new Listing(objects, true);
                    }
                    objects.add(new StoredObject(o.key(), o.size()));
                }
                token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
            } while (token != null);
        } catch (NoSuchBucketException e) {
            // The sink creates its buckets on its first write: no bucket is an empty dataset, not an error.
            return new Listing(List.of(), false);
        }
        return new Listing(objects, false);
    }

    @Override
    public byte[] tail(String bucket, String key, long size, int bytes) {
        long first = Math.max(0, size - bytes);
        return s3.getObjectAsBytes(g -> g.bucket(bucket).key(key).range("bytes=" + first + "-" + (size - 1))).asByteArray();
    }
}
