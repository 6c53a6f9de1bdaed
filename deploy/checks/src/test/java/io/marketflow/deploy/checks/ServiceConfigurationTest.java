package io.marketflow.deploy.checks;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The configuration each Deployment gets (ConfigMap {@code <app>-config} and Secret {@code <app>-config-creds} through
 * envFrom) supplies what the service's application.properties needs, uses only the names of .env.example, keeps
 * passwords and keys out of ConfigMaps, and points at servers that this overlay really runs.
 */
class ServiceConfigurationTest {

    static List<String> overlays() {
        return Repo.overlays();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void configComesFromTheAppsConfigMapAndSecret(String overlay) {
        Rendered rendered = Rendered.overlay(overlay);
        List<String> problems = new ArrayList<>();
        for (JsonNode deployment : rendered.serviceDeployments()) {
            String app = Rendered.name(deployment);
            JsonNode container = deployment.path("spec").path("template").path("spec").path("containers").path(0);
            boolean configMap = false;
            boolean secret = false;
            for (JsonNode from : container.path("envFrom")) {
                configMap |= from.path("configMapRef").path("name").asText().matches(java.util.regex.Pattern.quote(app + "-config") + "(-[a-z0-9]{10})?");
                secret |= from.path("secretRef").path("name").asText().matches(java.util.regex.Pattern.quote(app + "-config-creds") + "(-[a-z0-9]{10})?");
            }
            if (!configMap) {
                problems.add(app + ": no envFrom configMapRef " + app + "-config");
            }
            if (!secret) {
                problems.add(app + ": no envFrom secretRef " + app + "-config-creds");
            }
            rendered.environment(container); // fails when a referenced ConfigMap/Secret is not rendered
        }
        assertThat(problems).as("envFrom of overlay %s (STYLE.md §6)", overlay).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyRequiredPropertyIsSupplied(String overlay) {
        Rendered rendered = Rendered.overlay(overlay);
        List<String> problems = new ArrayList<>();
        for (JsonNode deployment : rendered.serviceDeployments()) {
            String app = Rendered.name(deployment);
            ServiceModule module = Repo.service(app).orElse(null);
            if (module == null) {
                continue; // reported by ServiceDeploymentsTest
            }
            Map<String, String> env = rendered.environment(deployment.path("spec").path("template").path("spec").path("containers").path(0));
            module.requiredConfig().forEach((property, reason) -> {
                String var = ServiceModule.envName(property);
                if (!env.containsKey(var)) {
                    problems.add(app + ": " + property + " is required (" + reason + ") but no " + var + " reaches the container");
                }
            });
        }
        assertThat(problems).as("configuration of overlay %s against services/*/src/main/resources/application.properties", overlay).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void appConfigUsesTheNamesOfEnvExample(String overlay) {
        Rendered rendered = Rendered.overlay(overlay);
        Set<String> documented = Repo.envExample().keySet();
        assertThat(documented).as(".env.example").isNotEmpty();
        List<String> problems = new ArrayList<>();
        for (JsonNode deployment : rendered.serviceDeployments()) {
            String app = Rendered.name(deployment);
            for (JsonNode from : deployment.path("spec").path("template").path("spec").path("containers").path(0).path("envFrom")) {
                String kind = from.has("configMapRef") ? "ConfigMap" : "Secret";
                String ref = from.path(from.has("configMapRef") ? "configMapRef" : "secretRef").path("name").asText();
                JsonNode object = rendered.find(kind, ref).orElseThrow();
                object.path("data").fieldNames().forEachRemaining(key -> {
                    if (!documented.contains(key)) {
                        problems.add(app + ": " + kind + " " + ref + " sets " + key + ", which .env.example does not document (a typo, or document it there)");
                    }
                    if (kind.equals("ConfigMap") && isSecretName(key)) {
                        problems.add(app + ": ConfigMap " + ref + " holds " + key + ": passwords and keys belong in the Secret " + app + "-config-creds");
                    }
                    if (kind.equals("Secret") && !isSecretName(key)) {
                        problems.add(app + ": Secret " + ref + " holds " + key + ", which is plain configuration: put it in the ConfigMap " + app + "-config");
                    }
                });
            }
        }
        assertThat(problems).as("ConfigMaps and Secrets of overlay %s", overlay).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void serversNamedInTheConfigAreDeployed(String overlay) {
        Rendered rendered = Rendered.overlay(overlay);
        List<String> problems = new ArrayList<>();
        for (JsonNode deployment : rendered.serviceDeployments()) {
            String app = Rendered.name(deployment);
            Map<String, String> env = rendered.environment(deployment.path("spec").path("template").path("spec").path("containers").path(0));
            String bootstrap = env.get("KAFKA_BOOTSTRAP_SERVERS");
            if (bootstrap != null) {
                for (String server : bootstrap.split(",")) {
                    String host = server.strip().replaceFirst(":\\d+$", "");
                    int port = Integer.parseInt(server.strip().replaceFirst("^.*:", ""));
                    boolean found = rendered.ofKind("Kafka").stream().anyMatch(kafka -> host.equals(Rendered.name(kafka) + "-kafka-bootstrap")
                            && listenerPorts(kafka).contains(port));
                    if (!found) {
                        problems.add(app + ": KAFKA_BOOTSTRAP_SERVERS " + server + " is no <kafka>-kafka-bootstrap:<listener port> of a rendered Kafka");
                    }
                }
            }
            if (env.containsKey("MARKETFLOW_DB_HOST")) {
                checkService(rendered, app, "MARKETFLOW_DB_HOST", env.get("MARKETFLOW_DB_HOST"), Integer.parseInt(env.getOrDefault("MARKETFLOW_DB_PORT", "5432")), problems);
            }
            if (env.containsKey("MARKETFLOW_S3_ENDPOINT")) {
                URI endpoint = URI.create(env.get("MARKETFLOW_S3_ENDPOINT"));
                int port = endpoint.getPort() > 0 ? endpoint.getPort() : ("https".equals(endpoint.getScheme()) ? 443 : 80);
                checkService(rendered, app, "MARKETFLOW_S3_ENDPOINT", endpoint.getHost(), port, problems);
            }
        }
        assertThat(problems).as("servers named by the configuration of overlay %s", overlay).isEmpty();
    }

    private static void checkService(Rendered rendered, String app, String var, String host, int port, List<String> problems) {
        String service = host.split("\\.")[0];
        var found = rendered.find("Service", service);
        if (found.isEmpty()) {
            problems.add(app + ": " + var + " names host " + host + " but no Service " + service + " is rendered");
            return;
        }
        boolean hasPort = false;
        for (JsonNode p : found.get().path("spec").path("ports")) {
            hasPort |= p.path("port").asInt() == port;
        }
        if (!hasPort) {
            problems.add(app + ": " + var + " uses port " + port + " but Service " + service + " does not expose it");
        }
    }

    static List<Integer> listenerPorts(JsonNode kafka) {
        List<Integer> ports = new ArrayList<>();
        kafka.path("spec").path("kafka").path("listeners").forEach(l -> ports.add(l.path("port").asInt()));
        return ports;
    }

    /** @return whether an environment variable names a secret: a word KEY, TOKEN, PASSWORD, PASSWD or SECRET (or …APIKEY) in it */
    static boolean isSecretName(String key) {
        return key.toUpperCase(java.util.Locale.ROOT).matches("(.*_)?(KEY|TOKEN|PASSWORD|PASSWD|SECRET|[A-Z]*APIKEY)(_.*)?");
    }
}
