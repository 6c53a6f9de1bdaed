package io.marketflow.localstack;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a running stack tells its clients: addresses and credentials, plus which servers this start launched.
 * It travels between JVMs as {@code NAME=value} lines, the same variable names production reads.
 *
 * @param kafkaBootstrapServers Kafka bootstrap servers
 * @param s3Endpoint S3 endpoint URL
 * @param s3AccessKey S3 access key
 * @param s3SecretKey S3 secret key
 * @param dbHost PostgreSQL host
 * @param dbPort PostgreSQL port
 * @param dbName application database
 * @param dbUser application role
 * @param dbPassword application role's password
 * @param started servers this start launched (the others were already running and are reused)
 * @param pids PIDs of the running servers the stack manages (absent for servers it reuses from elsewhere)
 */
public record StackAddresses(String kafkaBootstrapServers, String s3Endpoint, String s3AccessKey, String s3SecretKey,
                             String dbHost, int dbPort, String dbName, String dbUser, String dbPassword,
                             Set<ServerKind> started, Map<ServerKind, Long> pids) {

    static final String S3_REGION = "us-east-1";
    private static final String STARTED = "MARKETFLOW_STACK_STARTED";
    private static final String PIDS = "MARKETFLOW_STACK_PIDS";
    private static final Set<String> SECRETS = Set.of("MARKETFLOW_S3_SECRET_KEY", "MARKETFLOW_DB_PASSWORD");

    /** @return the addresses as {@code NAME=value} lines, ready for {@code export} in a shell */
    public List<String> toLines() {
        List<String> lines = new ArrayList<>();
        lines.add("KAFKA_BOOTSTRAP_SERVERS=" + kafkaBootstrapServers);
        lines.add("MARKETFLOW_S3_ENDPOINT=" + s3Endpoint);
        lines.add("MARKETFLOW_S3_REGION=" + S3_REGION);
        lines.add("MARKETFLOW_S3_PATH_STYLE=true");
        lines.add("MARKETFLOW_S3_ACCESS_KEY=" + s3AccessKey);
        lines.add("MARKETFLOW_S3_SECRET_KEY=" + s3SecretKey);
        lines.add("MARKETFLOW_DB_HOST=" + dbHost);
        lines.add("MARKETFLOW_DB_PORT=" + dbPort);
        lines.add("MARKETFLOW_DB_NAME=" + dbName);
        lines.add("MARKETFLOW_DB_USER=" + dbUser);
        lines.add("MARKETFLOW_DB_PASSWORD=" + dbPassword);
        lines.add(STARTED + "=" + started.stream().map(ServerKind::id).collect(Collectors.joining(",")));
        lines.add(PIDS + "=" + pids.entrySet().stream().map(e -> e.getKey().id() + ":" + e.getValue())
                .collect(Collectors.joining(",")));
        return lines;
    }

    /**
     * The lines for a terminal or a log: {@link #toLines()} without the two secrets' values, which the reader already
     * has (the stack took them from its environment, which a child process inherits) and which must not end up in a
     * run's output. {@link #withSecretsOf} puts them back.
     *
     * @return the addresses as {@code NAME=value} lines, the secrets as comment lines naming their variables
     */
    public List<String> printableLines() {
        List<String> lines = new ArrayList<>();
        for (String line : toLines()) {
            String name = line.substring(0, line.indexOf('='));
            lines.add(SECRETS.contains(name) ? "# " + name + " is set (not printed): from the environment, else the default of .env.example" : line);
        }
        return lines;
    }

    /**
     * @param settings the settings the stack was started with (the same environment)
     * @return these addresses with the secrets of those settings (after {@link #parse} of {@link #printableLines()})
     */
    public StackAddresses withSecretsOf(StackSettings settings) {
        return new StackAddresses(kafkaBootstrapServers, s3Endpoint, s3AccessKey, settings.s3SecretKey(), dbHost, dbPort,
                dbName, dbUser, settings.dbPassword(), started, pids);
    }

    /**
     * Reads what {@link #toLines()} or {@link #printableLines()} wrote, ignoring any other line (log output shares the
     * stream); secrets not in the lines are null.
     *
     * @param lines the output of {@code LocalStackMain start}
     * @return the addresses
     */
    public static StackAddresses parse(List<String> lines) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : lines) {
            int eq = line.indexOf('=');
            if (eq > 0 && line.substring(0, eq).matches("[A-Z][A-Z0-9_]*")) {
                values.put(line.substring(0, eq), line.substring(eq + 1).trim());
            }
        }
        if (!values.containsKey("KAFKA_BOOTSTRAP_SERVERS") || !values.containsKey("MARKETFLOW_DB_PORT")) {
            throw new IllegalArgumentException("No stack addresses in: " + String.join("\n", lines));
        }
        Set<ServerKind> started = EnumSet.noneOf(ServerKind.class);
        for (String id : values.getOrDefault(STARTED, "").split(",")) {
            if (!id.isBlank()) {
                started.add(ServerKind.fromId(id));
            }
        }
        Map<ServerKind, Long> pids = new LinkedHashMap<>();
        for (String pair : values.getOrDefault(PIDS, "").split(",")) {
            if (!pair.isBlank()) {
                String[] parts = pair.split(":");
                pids.put(ServerKind.fromId(parts[0]), Long.parseLong(parts[1]));
            }
        }
        return new StackAddresses(values.get("KAFKA_BOOTSTRAP_SERVERS"), values.get("MARKETFLOW_S3_ENDPOINT"),
                values.get("MARKETFLOW_S3_ACCESS_KEY"), values.get("MARKETFLOW_S3_SECRET_KEY"),
                values.get("MARKETFLOW_DB_HOST"), Integer.parseInt(values.get("MARKETFLOW_DB_PORT")),
                values.get("MARKETFLOW_DB_NAME"), values.get("MARKETFLOW_DB_USER"), values.get("MARKETFLOW_DB_PASSWORD"),
                started, pids);
    }

    /** @return the Quarkus config overrides a test resource hands to the application under test */
    public Map<String, String> quarkusConfig() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("kafka.bootstrap.servers", kafkaBootstrapServers);
        config.put("marketflow.db.host", dbHost);
        config.put("marketflow.db.port", String.valueOf(dbPort));
        config.put("marketflow.db.name", dbName);
        config.put("marketflow.db.user", dbUser);
        config.put("marketflow.db.password", dbPassword);
        config.put("marketflow.s3.endpoint", s3Endpoint);
        config.put("marketflow.s3.region", S3_REGION);
        config.put("marketflow.s3.access-key", s3AccessKey);
        config.put("marketflow.s3.secret-key", s3SecretKey);
        config.put("marketflow.s3.path-style", "true");
        return config;
    }

    /** @return the JDBC URL of the application database */
    public String jdbcUrl() {
        return "jdbc:postgresql://" + dbHost + ":" + dbPort + "/" + dbName;
    }
}
