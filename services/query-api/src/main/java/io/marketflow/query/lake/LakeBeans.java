package io.marketflow.query.lake;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;

import io.marketflow.query.config.QueryConfig;
import software.amazon.awssdk.services.s3.S3Client;

/** Wires the lake's storage from {@code marketflow.query.lake.storage-type}. */
public class LakeBeans {

    /**
     * @param config the lake configuration
     * @param s3 the S3 client (only created when the storage type is s3)
     * @return S3 through the file cache, or the sink's local directory
     */
    @Produces
    @ApplicationScoped
    LakeStorage storage(QueryConfig config, Instance<S3Client> s3) {
        if ("local".equals(config.lake().storageType())) {
            return new LocalLakeStorage(config.lake().localDir());
        }
        return new S3LakeStorage(s3.get(), new ObjectCache(config.lake().cacheDir().resolve("objects"), config.lake().cacheMaxBytes()));
    }
}
