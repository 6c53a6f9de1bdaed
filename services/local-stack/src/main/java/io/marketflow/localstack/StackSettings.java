package io.marketflow.localstack;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/**
 * Addresses, credentials and data folder of one stack, read from the same variables production uses.
 *
 * @param profile the profile these settings belong to
 * @param dataDir the folder holding every server's data, logs and PID files
 * @param kafka the broker's client listener
 * @param kafkaControllerPort the KRaft controller listener (client port + 1)
 * @param s3 the S3 API address
 * @param s3AccessKey the S3 access key (SigV4 identity)
 * @param s3SecretKey the S3 secret key
 * @param db the PostgreSQL address
 * @param dbName the application database
 * @param dbUser the application role
 * @param dbPassword the application role's password
 */
public record StackSettings(Profile profile, Path dataDir, Endpoint kafka, int kafkaControllerPort, Endpoint s3,
                            String s3AccessKey, String s3SecretKey, Endpoint db, String dbName, String dbUser,
                            String dbPassword) {

    /** Fixed test ports; a variable of the same name in the environment moves one when it is taken. */
    static final String TEST_KAFKA_PORT = "MARKETFLOW_TEST_KAFKA_PORT";
    static final String TEST_S3_PORT = "MARKETFLOW_TEST_S3_PORT";
    static final String TEST_DB_PORT = "MARKETFLOW_TEST_DB_PORT";

    static final String DEFAULT_ACCESS_KEY = "marketflow";
    static final String DEFAULT_SECRET_KEY = "marketflow-local-secret";
    static final String DEFAULT_DB = "marketflow";

    /**
     * @param profile local reads the production variables; test ignores them and uses its fixed ports
     * @param env the environment (a map so tests can pass their own)
     * @param layout where the data folder lives
     * @return the settings for that profile
     */
    public static StackSettings of(Profile profile, Map<String, String> env, ProjectLayout layout) {
        Path dataDir = layout.dataDir(profile);
        if (profile == Profile.TEST) {
            Endpoint kafka = new Endpoint("127.0.0.1", intOf(env, TEST_KAFKA_PORT, 29092), TEST_KAFKA_PORT);
            return new StackSettings(profile, dataDir, kafka, kafka.port() + 1,
                    new Endpoint("127.0.0.1", intOf(env, TEST_S3_PORT, 29000), TEST_S3_PORT),
                    DEFAULT_ACCESS_KEY, DEFAULT_SECRET_KEY,
                    new Endpoint("127.0.0.1", intOf(env, TEST_DB_PORT, 25432), TEST_DB_PORT),
                    DEFAULT_DB, DEFAULT_DB, DEFAULT_DB);
        }
        // Only the first bootstrap server matters: a local stack is one broker.
        String bootstrap = env.getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092").split(",")[0].trim();
        int colon = bootstrap.lastIndexOf(':');
        Endpoint kafka = new Endpoint(bootstrap.substring(0, colon), Integer.parseInt(bootstrap.substring(colon + 1)),
                "KAFKA_BOOTSTRAP_SERVERS");
        URI s3Uri = URI.create(env.getOrDefault("MARKETFLOW_S3_ENDPOINT", "http://localhost:9000"));
        Endpoint s3 = new Endpoint(s3Uri.getHost(), s3Uri.getPort() > 0 ? s3Uri.getPort() : 80, "MARKETFLOW_S3_ENDPOINT");
        Endpoint db = new Endpoint(env.getOrDefault("MARKETFLOW_DB_HOST", "localhost"),
                intOf(env, "MARKETFLOW_DB_PORT", 5432), "MARKETFLOW_DB_PORT");
        return new StackSettings(profile, dataDir, kafka, kafka.port() + 1, s3,
                env.getOrDefault("MARKETFLOW_S3_ACCESS_KEY", DEFAULT_ACCESS_KEY),
                env.getOrDefault("MARKETFLOW_S3_SECRET_KEY", DEFAULT_SECRET_KEY), db,
                env.getOrDefault("MARKETFLOW_DB_NAME", DEFAULT_DB), env.getOrDefault("MARKETFLOW_DB_USER", DEFAULT_DB),
                env.getOrDefault("MARKETFLOW_DB_PASSWORD", DEFAULT_DB));
    }

    /** @return a copy whose data lives in another folder (tests use it to stay away from the shared test stack) */
    public StackSettings withDataDir(Path otherDataDir) {
        return new StackSettings(profile, otherDataDir, kafka, kafkaControllerPort, s3, s3AccessKey, s3SecretKey, db,
                dbName, dbUser, dbPassword);
    }

    /** @return the S3 endpoint URL clients use */
    public String s3Endpoint() {
        return "http://" + s3.hostPort();
    }

    /** @return the JDBC URL of the application database */
    public String jdbcUrl() {
        return "jdbc:postgresql://" + db.hostPort() + "/" + dbName;
    }

    private static int intOf(Map<String, String> env, String name, int fallback) {
        String value = env.get(name);
        return value == null || value.isBlank() ? fallback : Integer.parseInt(value.trim());
    }
}
