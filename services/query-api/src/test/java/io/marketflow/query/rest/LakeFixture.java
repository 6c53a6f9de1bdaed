package io.marketflow.query.rest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import io.marketflow.localstack.LocalStackResource;
import io.marketflow.localstack.StackAddresses;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyExistsException;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;

/**
 * Writes lake files into the test stack's S3 the way the parquet-sink lays them out, and runs independent DuckDB reads.
 *
 * <p>Honest note: the files are written by DuckDB's {@code COPY … (FORMAT parquet)}, not by the sink's own writer
 * (the sink is a Quarkus application module; putting it on this module's test class path would bring its extensions
 * and configuration into the application under test). What is the same as the sink: the bucket, prefix and Hive path
 * ({@code ticker=X/year=2025/}), the deterministic name {@code {topic}+{partition}+{start:020d}+{end:020d}.parquet}, the
 * partition levels left out of the file, the column names and Parquet types of parquet-sink's {@code RecordType}
 * ({@code TIMESTAMP(MICROS, UTC)}, INT32 {@code kafka_partition}, INT64 {@code kafka_offset}, LIST, MAP). What differs:
 * encodings, row-group sizes and compression, which do not change what a reader sees.
 */
final class LakeFixture implements AutoCloseable {

    private final S3Client s3;
    private final Connection duck;
    private final Path staging;
    /** Local copies of everything uploaded, under {bucket}/{key}: what an independent reader reads. */
    final Path mirror;

    LakeFixture() {
        StackAddresses stack = LocalStackResource.shared();
        s3 = S3Client.builder().endpointOverride(URI.create(stack.s3Endpoint())).region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(stack.s3AccessKey(), stack.s3SecretKey())))
                .httpClient(UrlConnectionHttpClient.create()).build();
        try {
            duck = new org.duckdb.DuckDBDriver().connect("jdbc:duckdb:", new Properties());
            try (Statement st = duck.createStatement()) {
                st.execute("SET TimeZone = 'UTC'");
            }
            staging = Files.createDirectories(Path.of("target", "fixture", UUID.randomUUID().toString()));
            mirror = Files.createDirectories(staging.resolve("mirror"));
        } catch (SQLException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return an S3 client on the test stack */
    S3Client s3() {
        return s3;
    }

    /**
     * Writes one sink-shaped file: the rows of {@code select} (its columns are the file's columns) at {@code bucket/key}.
     *
     * @param bucket the bucket
     * @param key the key, Hive path and sink file name included
     * @param select a DuckDB SELECT producing the file's columns
     * @return the file's size
     */
    long put(String bucket, String key, String select) {
        try {
            Path file = mirror.resolve(bucket).resolve(key);
            Files.createDirectories(file.getParent());
            try (Statement st = duck.createStatement()) {
                st.execute("COPY (" + select + ") TO '" + file.toAbsolutePath() + "' (FORMAT parquet)");
            }
            createBucket(bucket);
            s3.putObject(p -> p.bucket(bucket).key(key), RequestBody.fromFile(file));
            return Files.size(file);
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("cannot write fixture " + bucket + "/" + key, e);
        }
    }

    /**
     * @param bucket a bucket
     * @param key a key to delete (a compaction's source)
     */
    void delete(String bucket, String key) {
        s3.deleteObject(d -> d.bucket(bucket).key(key));
        try {
            Files.deleteIfExists(mirror.resolve(bucket).resolve(key));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param sql a query (DuckDB, over local files named in it)
     * @return rows as label → value
     */
    List<Map<String, Object>> query(String sql) {
        try (Statement st = duck.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            List<Map<String, Object>> rows = new ArrayList<>();
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                Map<String, Object> row = new HashMap<>();
                for (int i = 1; i <= n; i++) {
                    row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
                }
                rows.add(row);
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("DuckDB query failed: " + sql, e);
        }
    }

    /**
     * @param bytes a downloaded export
     * @param extension its extension
     * @return a local file holding it, for DuckDB
     */
    Path save(byte[] bytes, String extension) {
        try {
            Path file = staging.resolve(UUID.randomUUID() + "." + extension);
            Files.write(file, bytes);
            return file.toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the local path of a mirrored bucket directory, for read_parquet globs */
    String mirrorGlob(String bucketAndPrefix) {
        return mirror.resolve(bucketAndPrefix).toAbsolutePath() + "/**/*.parquet";
    }

    /**
     * Runs SQL on the test PostgreSQL (not through the application, whose pool is read-only).
     *
     * @param statements SQL statements
     */
    static void postgres(String... statements) {
        StackAddresses stack = LocalStackResource.shared();
        Properties props = new Properties();
        props.setProperty("user", stack.dbUser());
        props.setProperty("password", stack.dbPassword());
        // The driver directly: DriverManager may not see it from a Quarkus test class loader.
        try (Connection c = new org.postgresql.Driver().connect(stack.jdbcUrl(), props); Statement st = c.createStatement()) {
            for (String sql : statements) {
                st.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL failed: " + e.getMessage(), e);
        }
    }

    /** @return a run-unique upper-case token, so reruns against the same stack never collide */
    static String token() {
        String letters = UUID.randomUUID().toString().replaceAll("[^a-f]", "").toUpperCase();
        return (letters + "ABCDEF").substring(0, 5);
    }

    private void createBucket(String bucket) {
        try {
            s3.createBucket(b -> b.bucket(bucket));
        } catch (BucketAlreadyOwnedByYouException | BucketAlreadyExistsException e) {
            // created by an earlier test
        }
    }

    @Override
    public void close() {
        s3.close();
        try {
            duck.close();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * @param topic the topic
     * @param partition the Kafka partition
     * @param start first offset
     * @param end last offset
     * @return the sink's file name
     */
    static String name(String topic, int partition, long start, long end) {
        return String.format("%s+%d+%020d+%020d.parquet", topic, partition, start, end);
    }
}
