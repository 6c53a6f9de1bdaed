package io.marketflow.deploy.checks;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One module under {@code services/} as the checks see it: its pom (packaging, dependencies) and the configuration in
 * {@code src/main/resources/application.properties} as the {@code prod} profile sees it.
 */
record ServiceModule(String name, Path dir, String pom, Map<String, String> properties) {

    private static final Pattern PACKAGING = Pattern.compile("<packaging>\\s*([^<\\s]+)\\s*</packaging>");
    private static final Pattern ARTIFACT = Pattern.compile("<artifactId>\\s*([^<\\s]+)\\s*</artifactId>");
    /** The innermost expressions: {@code ${name}} or {@code ${name:default}}. */
    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{([^}:${]+)(:[^}${]*)?}");
    private static final Pattern CHANNEL_TOPIC = Pattern.compile("mp\\.messaging\\.(incoming|outgoing)\\.([^.]+)\\.(topic|topics|dead-letter-queue\\.topic)");

    static ServiceModule read(Path dir) {
        String pom = Repo.read(dir.resolve("pom.xml"));
        Path file = dir.resolve("src/main/resources/application.properties");
        Map<String, String> props = new LinkedHashMap<>();
        if (Files.isRegularFile(file)) {
            Properties raw = new Properties();
            try (Reader reader = Files.newBufferedReader(file)) {
                raw.load(reader);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            // Plain keys first, then %prod. ones over them: what a container (profile prod) sees. Other profiles don't apply.
            raw.stringPropertyNames().stream().filter(k -> !k.startsWith("%")).sorted().forEach(k -> props.put(k, raw.getProperty(k)));
            raw.stringPropertyNames().stream().filter(k -> k.startsWith("%prod.")).sorted()
                    .forEach(k -> props.put(k.substring("%prod.".length()), raw.getProperty(k)));
        }
        return new ServiceModule(dir.getFileName().toString(), dir, pom, props);
    }

    /** @return whether the pom's packaging is {@code quarkus} (a deployable Quarkus application) */
    boolean isQuarkusApp() {
        Matcher m = PACKAGING.matcher(pom);
        return m.find() && m.group(1).equals("quarkus");
    }

    /** @return whether the pom names this artifactId (as a dependency) */
    boolean dependsOn(String artifactId) {
        Matcher m = ARTIFACT.matcher(pom);
        while (m.find()) {
            if (m.group(1).equals(artifactId)) {
                return true;
            }
        }
        return false;
    }

    /** @return the HTTP port the service listens on when run from its application.properties (quarkus.http.port, default 8080) */
    int httpPort() {
        return Integer.parseInt(properties.getOrDefault("quarkus.http.port", "8080").strip());
    }

    /**
     * @param environment the container's environment variables
     * @return the HTTP port in that container: QUARKUS_HTTP_PORT when set (environment beats application.properties),
     *         else {@link #httpPort()}
     */
    int httpPort(Map<String, String> environment) {
        String port = environment.get("QUARKUS_HTTP_PORT");
        return port != null && port.strip().matches("\\d+") ? Integer.parseInt(port.strip()) : httpPort();
    }

    /** @return the root of the management endpoints, {@code /q} unless quarkus.http.non-application-root-path says otherwise */
    String nonApplicationRoot() {
        String root = properties.getOrDefault("quarkus.http.non-application-root-path", "q").strip();
        return "/" + root.replaceAll("^/+|/+$", "");
    }

    /** @return the SmallRye Health root, e.g. {@code /q/health} */
    String healthRoot() {
        String health = properties.getOrDefault("quarkus.smallrye-health.root-path", "health").strip();
        return health.startsWith("/") ? health : nonApplicationRoot() + "/" + health;
    }

    /** @return the Prometheus endpoint, e.g. {@code /q/metrics} */
    String metricsPath() {
        String metrics = properties.getOrDefault("quarkus.micrometer.export.prometheus.path", "metrics").strip();
        return metrics.startsWith("/") ? metrics : nonApplicationRoot() + "/" + metrics;
    }

    /**
     * The configuration a deployment has to supply, as property names, each with the reason:
     * every {@code marketflow.*} key (its value in the file is a local-stack default) unless its value is only a
     * {@code ${NAME}} reference, every key whose value points at
     * this host (localhost / 127.0.0.1), and every {@code ${name}} expression without a default that the file itself
     * does not answer with a non-local value.
     *
     * @return property name to the reason it is required
     */
    Map<String, String> requiredConfig() {
        Map<String, String> required = new LinkedHashMap<>();
        properties.forEach((key, value) -> {
            // A key whose whole value is ${NAME} or ${NAME:default} is read from NAME (an API key from the environment,
            // say): the expression rule below decides whether NAME is required.
            boolean delegates = value.strip().startsWith("${") && value.strip().endsWith("}")
                    && value.strip().indexOf("${", 1) < 0;
            if (key.startsWith("marketflow.") && !delegates) {
                required.putIfAbsent(key, "a marketflow.* key (the file holds only the local default)");
            }
            if (isLocal(value)) {
                required.putIfAbsent(key, "its value points at this host: " + value);
            }
            Matcher m = EXPRESSION.matcher(value);
            while (m.find()) {
                String referenced = m.group(1).strip();
                boolean hasDefault = m.group(2) != null;
                String own = properties.get(referenced);
                if (!hasDefault && (own == null || isLocal(own) || referenced.startsWith("marketflow."))) {
                    required.putIfAbsent(referenced, "${" + referenced + "} in " + key + " has no default");
                }
            }
        });
        return required;
    }

    /** @return every Kafka topic a channel names (topic, topics, dead-letter-queue.topic), with the property naming it */
    Map<String, String> topics() {
        Map<String, String> topics = new LinkedHashMap<>();
        properties.forEach((key, value) -> {
            if (CHANNEL_TOPIC.matcher(key).matches()) {
                for (String topic : value.split(",")) {
                    if (!topic.isBlank()) {
                        topics.put(topic.strip(), key);
                    }
                }
            }
        });
        return topics;
    }

    /** @return the channels subscribing to a regular expression ({@code pattern=true}), as channel to pattern */
    Map<String, String> topicPatterns() {
        Map<String, String> patterns = new LinkedHashMap<>();
        properties.forEach((key, value) -> {
            Matcher m = Pattern.compile("mp\\.messaging\\.incoming\\.([^.]+)\\.pattern").matcher(key);
            if (m.matches() && Boolean.parseBoolean(value.strip())) {
                String topic = properties.get("mp.messaging.incoming." + m.group(1) + ".topic");
                if (topic != null) {
                    patterns.put(m.group(1), topic.strip());
                }
            }
        });
        return patterns;
    }

    /**
     * Quarkus' environment-variable name for a property: every character other than a letter or digit becomes
     * {@code _}, then upper case ({@code marketflow.db.host} → {@code MARKETFLOW_DB_HOST}).
     *
     * @param property a property name
     * @return the environment variable that sets it
     */
    static String envName(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(java.util.Locale.ROOT);
    }

    private static boolean isLocal(String value) {
        return value.contains("localhost") || value.contains("127.0.0.1");
    }

}
