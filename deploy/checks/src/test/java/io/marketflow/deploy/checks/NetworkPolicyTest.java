package io.marketflow.deploy.checks;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Each service's pods are isolated by a NetworkPolicy that still lets through what its configuration needs: DNS, the
 * Kafka brokers, PostgreSQL, MinIO (to the pods that really serve them), and Prometheus on the metrics port.
 * A policy peer that selects no pod of the overlay is an error too (e.g. a label transformer that rewrote it).
 */
class NetworkPolicyTest {

    static List<String> overlays() {
        return Repo.overlays();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void servicesReachExactlyWhatTheirConfigurationNames(String overlay) {
        Rendered rendered = Rendered.overlay(overlay);
        List<Map<String, String>> pods = rendered.podLabels();
        List<String> problems = new ArrayList<>();
        for (JsonNode deployment : rendered.serviceDeployments()) {
            String app = Rendered.name(deployment);
            Map<String, String> labels = Rendered.labels(deployment.path("spec").path("template").path("metadata").path("labels"));
            List<JsonNode> policies = rendered.ofKind("NetworkPolicy").stream()
                    .filter(p -> Rendered.selects(p.path("spec").path("podSelector"), labels)).toList();
            if (policies.isEmpty()) {
                problems.add(app + ": no NetworkPolicy selects its pods");
                continue;
            }
            List<String> types = new ArrayList<>();
            policies.forEach(p -> p.path("spec").path("policyTypes").forEach(t -> types.add(t.asText())));
            if (!types.contains("Ingress") || !types.contains("Egress")) {
                problems.add(app + ": its NetworkPolicies restrict " + types + ", expected Ingress and Egress");
            }
            List<JsonNode> egress = new ArrayList<>();
            List<JsonNode> ingress = new ArrayList<>();
            policies.forEach(p -> {
                p.path("spec").path("egress").forEach(egress::add);
                p.path("spec").path("ingress").forEach(ingress::add);
            });
            if (!allowsPort(egress, 53, "UDP")) {
                problems.add(app + ": egress to DNS (53/UDP) is not allowed");
            }
            Map<String, String> env = rendered.environment(deployment.path("spec").path("template").path("spec").path("containers").path(0));
            if (env.containsKey("KAFKA_BOOTSTRAP_SERVERS")) {
                List<Map<String, String>> brokers = pods.stream().filter(l -> "Kafka".equals(l.get("strimzi.io/kind"))).toList();
                for (JsonNode kafka : rendered.ofKind("Kafka")) {
                    for (int port : ServiceConfigurationTest.listenerPorts(kafka)) {
                        if (env.get("KAFKA_BOOTSTRAP_SERVERS").contains(":" + port) && !allowsPodsOnPort(egress, brokers, port)) {
                            problems.add(app + ": egress to the Kafka brokers on " + port + " is not allowed");
                        }
                    }
                }
            }
            if (env.containsKey("MARKETFLOW_DB_HOST")) {
                checkService(rendered, app, egress, env.get("MARKETFLOW_DB_HOST"), Integer.parseInt(env.getOrDefault("MARKETFLOW_DB_PORT", "5432")), problems);
            }
            if (env.containsKey("MARKETFLOW_S3_ENDPOINT")) {
                URI s3 = URI.create(env.get("MARKETFLOW_S3_ENDPOINT"));
                checkService(rendered, app, egress, s3.getHost(), s3.getPort() > 0 ? s3.getPort() : 443, problems);
            }
            int metricsPort = Repo.service(app).map(m -> m.httpPort(env)).orElse(8080);
            if (!allowsPort(ingress, metricsPort, "TCP")) {
                problems.add(app + ": ingress to the metrics port " + metricsPort + " is not allowed (Prometheus cannot scrape)");
            }
        }
        for (JsonNode policy : rendered.ofKind("NetworkPolicy")) {
            for (String direction : List.of("egress/to", "ingress/from")) {
                String[] path = direction.split("/");
                for (JsonNode rule : policy.path("spec").path(path[0])) {
                    for (JsonNode peer : rule.path(path[1])) {
                        if (peer.has("podSelector") && !peer.has("namespaceSelector")
                                && pods.stream().noneMatch(l -> Rendered.selects(peer.path("podSelector"), l))) {
                            problems.add(Rendered.id(policy) + ": " + path[0] + " peer " + peer.path("podSelector") + " selects no pod of the overlay");
                        }
                    }
                }
            }
        }
        assertThat(problems).as("NetworkPolicies of overlay %s", overlay).isEmpty();
    }

    private static void checkService(Rendered rendered, String app, List<JsonNode> egress, String host, int port, List<String> problems) {
        String name = host.split("\\.")[0];
        JsonNode service = rendered.find("Service", name).orElse(null);
        if (service == null) {
            return; // reported by ServiceConfigurationTest
        }
        int targetPort = port;
        for (JsonNode p : service.path("spec").path("ports")) {
            if (p.path("port").asInt() == port && p.path("targetPort").isInt()) {
                targetPort = p.path("targetPort").asInt();
            }
        }
        List<Map<String, String>> backends = rendered.podLabels().stream().filter(l -> Rendered.selects(service.path("spec").path("selector"), l)).toList();
        if (!allowsPodsOnPort(egress, backends, targetPort)) {
            problems.add(app + ": egress to Service " + name + " (its pods, port " + targetPort + ") is not allowed");
        }
    }

    private static boolean allowsPort(List<JsonNode> rules, int port, String protocol) {
        for (JsonNode rule : rules) {
            if (!rule.has("ports") || rule.path("ports").isEmpty()) {
                return true;
            }
            for (JsonNode p : rule.path("ports")) {
                if (p.path("port").asInt() == port && p.path("protocol").asText("TCP").equals(protocol)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean allowsPodsOnPort(List<JsonNode> rules, List<Map<String, String>> targets, int port) {
        for (JsonNode rule : rules) {
            if (!allowsPort(List.of(rule), port, "TCP")) {
                continue;
            }
            JsonNode peers = rule.path("to");
            if (peers.isMissingNode() || peers.isEmpty()) {
                return true;
            }
            for (JsonNode peer : peers) {
                if (peer.has("podSelector") && !peer.has("namespaceSelector")
                        && targets.stream().anyMatch(l -> Rendered.selects(peer.path("podSelector"), l))) {
                    return true;
                }
            }
        }
        return false;
    }
}
