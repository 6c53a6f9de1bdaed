package io.marketflow.sink;

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
import java.util.concurrent.Future;
import java.util.UUID;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import io.marketflow.localstack.LocalStackResource;
import io.marketflow.localstack.StackAddresses;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Shared fixtures of the sink tests: the real test stack's Kafka and S3, a raw producer, and DuckDB as the independent
 * reader of what the sink wrote (objects are downloaded into target/ because DuckDB's httpfs cannot be fetched here).
 */
public final class SinkTestSupport {

    private SinkTestSupport() {
    }

    /** @return the test stack, started once per JVM */
    public static StackAddresses stack() {
        return LocalStackResource.shared();
    }

    /** @return a producer of raw bytes to the test broker, acks=all */
    public static KafkaProducer<byte[], byte[]> producer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack().kafkaBootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        // One request in flight per partition: a newly created partition can accept a later batch before an earlier
        // one is retried, and the earlier then fails out of sequence until it expires (KAFKA-15591, records lost).
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /**
     * @param producer a producer
     * @param topic the topic
     * @param key the key
     * @param value the value
     * @return the send's outcome, to check that the record really is in the topic
     */
    public static Future<RecordMetadata> send(KafkaProducer<byte[], byte[]> producer, String topic, String key, byte[] value) {
        return producer.send(new ProducerRecord<>(topic, key == null ? null : key.getBytes(), value));
    }

    /** @return an S3 client on the test stack's S3Proxy */
    public static S3Client s3() {
        StackAddresses s = stack();
        return S3Client.builder()
                .endpointOverride(URI.create(s.s3Endpoint()))
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(s.s3AccessKey(), s.s3SecretKey())))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    /**
     * @param s3 a client
     * @param bucket a bucket
     * @param keyFilter substring every downloaded key contains (a run-unique partition value)
     * @return a fresh directory under target/ holding the matching objects under their keys
     */
    public static Path download(S3Client s3, String bucket, String keyFilter) {
        Path dir = Path.of("target", "downloads", UUID.randomUUID().toString(), bucket);
        try {
            Files.createDirectories(dir);
            for (S3Object object : listAll(s3, bucket)) {
                if (matches(object.key(), keyFilter) && object.key().endsWith(".parquet")) {
                    Path file = dir.resolve(object.key());
                    Files.createDirectories(file.getParent());
                    Files.write(file, s3.getObjectAsBytes(g -> g.bucket(bucket).key(object.key())).asByteArray());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    /**
     * @param key an object key
     * @param filter a path fragment such as {@code ticker=X/} or {@code macrodata/alias=x/}
     * @return true when the key starts with the fragment or has it right after a slash
     */
    public static boolean matches(String key, String filter) {
        return key.startsWith(filter) || key.contains("/" + filter);
    }

    /**
     * @param s3 a client
     * @param bucket a bucket
     * @return every object, or none when the bucket does not exist yet
     */
    public static List<S3Object> listAll(S3Client s3, String bucket) {
        List<S3Object> all = new ArrayList<>();
        try {
            s3.listObjectsV2Paginator(l -> l.bucket(bucket)).forEach(p -> all.addAll(p.contents()));
        } catch (NoSuchBucketException e) {
            return List.of();
        }
        return all;
    }

    /**
     * Runs a query with DuckDB over {@code read_parquet(dir/**&#47;*.parquet, hive_partitioning=true)} bound as view {@code t}.
     *
     * @param dir the directory holding the files
     * @param sql a query over {@code t}
     * @return rows as column label → value
     */
    public static List<Map<String, Object>> duckdb(Path dir, String sql) {
        // The driver directly: after a @QuarkusTest in the same JVM, DriverManager may not see it from this class loader.
        try (Connection c = new org.duckdb.DuckDBDriver().connect("jdbc:duckdb:", new Properties()); Statement st = c.createStatement()) {
            String glob = dir.toAbsolutePath() + "/**/*.parquet";
            st.execute("CREATE VIEW t AS SELECT * FROM read_parquet('" + glob + "', hive_partitioning=true)");
            List<Map<String, Object>> rows = new ArrayList<>();
            try (ResultSet rs = st.executeQuery(sql)) {
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    Map<String, Object> row = new HashMap<>();
                    for (int i = 1; i <= n; i++) {
                        row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
                    }
                    rows.add(row);
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("DuckDB query failed: " + sql, e);
        }
    }

    /**
     * @param file one Parquet file
     * @param column an INT64 column
     * @return the column's values in ascending order, read by DuckDB
     */
    public static List<Long> duckdbLongs(Path file, String column) {
        try (Connection c = new org.duckdb.DuckDBDriver().connect("jdbc:duckdb:", new Properties()); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT " + column + " FROM read_parquet('" + file.toAbsolutePath() + "') ORDER BY 1")) {
            List<Long> values = new ArrayList<>();
            while (rs.next()) {
                values.add(rs.getLong(1));
            }
            return values;
        } catch (SQLException e) {
            throw new IllegalStateException("DuckDB could not read " + file, e);
        }
    }

    /**
     * @param dir a directory of Parquet files
     * @return DuckDB's view of the files' schema: column name → DuckDB type
     */
    public static Map<String, String> duckdbSchema(Path dir) {
        Map<String, String> types = new java.util.LinkedHashMap<>();
        for (Map<String, Object> row : duckdb(dir, "DESCRIBE SELECT * FROM t")) {
            types.put((String) row.get("column_name"), (String) row.get("column_type"));
        }
        return types;
    }

    /** @return a short run-unique upper-case token for keys, so reruns against the same stack never collide */
    public static String runToken() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 6).toUpperCase();
    }
}
