package io.marketflow.deploy.checks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Each service's pods are isolated by a NetworkPolicy that still lets through what its configuration needs: DNS, the
 * Kafka brokers, PostgreSQL, MinIO (to the pods that really serve them), and Prometheus on the metrics port.
 * A policy peer that selects no pod of the overlay is an error too (e.g. a label transformer that rewrote it). And the
 * other way round: no egress rule allows more than the service's configuration uses (only a service whose configuration
 * names an external https/wss endpoint may leave the cluster, and only on that port; only a service configured for
 * Kafka, PostgreSQL or S3 may reach those pods), and ingress names its sources and the container's own ports.
 */
class NetworkPolicyTest {

    /** An absolute URL in a property value, an environment value or a {@code @WithDefault} of the config mapping. */
    private static final Pattern URL = Pattern.compile("\\b(https?|wss?)://([A-Za-z0-9.-]+)(?::(\\d+))?");
    private static final Pattern WITH_DEFAULT_URL = Pattern.compile("@WithDefault\\(\"((?:https?|wss?)://[^\"]+)\"\\)");
    private static final List<String> PRIVATE_RANGES = List.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16");

    static List<String> overlays() {
        return Repo.overlays();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void servicesReachExactlyWhatTheirConfigurationNames(String overlay) {
        assertThat(missingProblems(Rendered.overlay(overlay))).as("NetworkPolicies of overlay %s", overlay).isEmpty();
    }

    /** @return what a service needs but its NetworkPolicies do not allow, and peers that select nothing */
    static List<String> missingProblems(Rendered rendered) {
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
        return problems;
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void servicesReachNothingTheirConfigurationDoesNotUse(String overlay) {
        assertThat(excessProblems(Rendered.overlay(overlay))).as("NetworkPolicy rules of overlay %s beyond what the services' configuration uses", overlay)
                .isEmpty();
    }

    /** @return every rule that allows more than the service's configuration uses */
    static List<String> excessProblems(Rendered rendered) {
        List<Map<String, String>> pods = rendered.podLabels();
        List<String> problems = new ArrayList<>();
        for (JsonNode deployment : rendered.serviceDeployments()) {
            String app = Rendered.name(deployment);
            ServiceModule module = Repo.service(app).orElse(null);
            if (module == null) {
                continue; // reported by ServiceDeploymentsTest
            }
            JsonNode container = Rendered.podSpec(deployment).path("containers").path(0);
            Map<String, String> env = rendered.environment(container);
            Map<String, String> labels = Rendered.labels(deployment.path("spec").path("template").path("metadata").path("labels"));
            List<JsonNode> policies = rendered.ofKind("NetworkPolicy").stream()
                    .filter(p -> Rendered.selects(p.path("spec").path("podSelector"), labels)).toList();

            // What the service uses, from its application.properties (and the addresses from its environment).
            Map<String, List<Target>> used = new LinkedHashMap<>();
            if (module.properties().containsKey("kafka.bootstrap.servers") || env.containsKey("KAFKA_BOOTSTRAP_SERVERS")) {
                List<Map<String, String>> brokers = pods.stream().filter(l -> "Kafka".equals(l.get("strimzi.io/kind"))).toList();
                rendered.ofKind("Kafka").forEach(k -> ServiceConfigurationTest.listenerPorts(k)
                        .forEach(port -> used.computeIfAbsent("Kafka", x -> new ArrayList<>()).add(new Target(brokers, port))));
            }
            if (module.properties().containsKey("quarkus.datasource.jdbc.url") && env.containsKey("MARKETFLOW_DB_HOST")) {
                target(rendered, env.get("MARKETFLOW_DB_HOST"), Integer.parseInt(env.getOrDefault("MARKETFLOW_DB_PORT", "5432")))
                        .ifPresent(t -> used.computeIfAbsent("PostgreSQL", x -> new ArrayList<>()).add(t));
            }
            if (env.containsKey("MARKETFLOW_S3_ENDPOINT")) {
                URI s3 = URI.create(env.get("MARKETFLOW_S3_ENDPOINT"));
                target(rendered, s3.getHost(), s3.getPort() > 0 ? s3.getPort() : ("https".equals(s3.getScheme()) ? 443 : 80))
                        .ifPresent(t -> used.computeIfAbsent("S3", x -> new ArrayList<>()).add(t));
            }
            TreeSet<Integer> externalPorts = externalPorts(module, env);

            for (JsonNode policy : policies) {
                int index = 0;
                for (JsonNode rule : policy.path("spec").path("egress")) {
                    String where = app + ": " + Rendered.id(policy) + " egress[" + index++ + "]";
                    if (!rule.has("ports") || rule.path("ports").isEmpty()) {
                        problems.add(where + " allows every port");
                        continue;
                    }
                    if (!rule.has("to") || rule.path("to").isEmpty()) {
                        problems.add(where + " allows every destination");
                        continue;
                    }
                    for (JsonNode port : rule.path("ports")) {
                        int number = port.path("port").asInt(-1);
                        if (port.has("endPort") || number < 0) {
                            problems.add(where + " allows a port range or a named port " + port);
                            continue;
                        }
                        for (JsonNode peer : rule.path("to")) {
                            String problem = justify(peer, number, pods, used, externalPorts);
                            if (problem != null) {
                                problems.add(where + " to " + peer + " port " + number + ": " + problem);
                            }
                        }
                    }
                }
                index = 0;
                for (JsonNode rule : policy.path("spec").path("ingress")) {
                    String where = app + ": " + Rendered.id(policy) + " ingress[" + index++ + "]";
                    if (!rule.has("from") || rule.path("from").isEmpty()) {
                        problems.add(where + " allows every source");
                    }
                    if (!rule.has("ports") || rule.path("ports").isEmpty()) {
                        problems.add(where + " allows every port");
                    }
                    for (JsonNode port : rule.path("ports")) {
                        if (Rendered.resolvePort(container, port.path("port")) < 0
                                || java.util.stream.StreamSupport.stream(container.path("ports").spliterator(), false)
                                        .noneMatch(p -> p.path("containerPort").asInt() == Rendered.resolvePort(container, port.path("port")))) {
                            problems.add(where + " opens port " + port.path("port") + ", which the container does not declare");
                        }
                    }
                }
            }
        }
        return problems;
    }

    /**
     * Who may open a connection to a service: Prometheus (the namespace {@code monitoring}) on the metrics port, and
     * for the services that serve clients, the pods of the marketflow namespace. Every other service takes no
     * connection at all but the scrape (the ingest services, the sink and the aggregator only consume and produce).
     */
    private static final Map<String, String> CLIENTS = Map.of("query-api", "the API and the status page: every pod of the namespace");

    @ParameterizedTest
    @MethodSource("overlays")
    void ingressComesOnlyFromPrometheusAndTheClientsOfAServiceThatHasThem(String overlay) {
        assertThat(ingressProblems(Rendered.overlay(overlay))).as("ingress of the services in overlay %s", overlay).isEmpty();
    }

    /** @return every ingress source beyond Prometheus on the metrics port (and a serving service's namespace clients) */
    static List<String> ingressProblems(Rendered rendered) {
        List<String> problems = new ArrayList<>();
        for (JsonNode deployment : rendered.serviceDeployments()) {
            String app = Rendered.name(deployment);
            JsonNode container = Rendered.podSpec(deployment).path("containers").path(0);
            int metricsPort = Repo.service(app).map(m -> m.httpPort(rendered.environment(container))).orElse(8080);
            Map<String, String> labels = Rendered.labels(deployment.path("spec").path("template").path("metadata").path("labels"));
            for (JsonNode policy : rendered.ofKind("NetworkPolicy")) {
                if (!Rendered.selects(policy.path("spec").path("podSelector"), labels)) {
                    continue;
                }
                int index = 0;
                for (JsonNode rule : policy.path("spec").path("ingress")) {
                    String where = app + ": " + Rendered.id(policy) + " ingress[" + index++ + "]";
                    for (JsonNode peer : rule.path("from")) {
                        boolean prometheus = peer.size() == 1 && peer.path("namespaceSelector").path("matchLabels").size() == 1
                                && peer.path("namespaceSelector").path("matchLabels").path("kubernetes.io/metadata.name").asText().equals("monitoring");
                        boolean namespacePods = peer.size() == 1 && peer.has("podSelector");
                        if (prometheus || (namespacePods && CLIENTS.containsKey(app))) {
                            for (JsonNode port : rule.path("ports")) {
                                if (Rendered.resolvePort(container, port.path("port")) != metricsPort) {
                                    problems.add(where + " from " + peer + " opens port " + port.path("port") + ", not the HTTP port " + metricsPort);
                                }
                            }
                            continue;
                        }
                        problems.add(where + " admits " + peer + ": only Prometheus (namespace monitoring)"
                                + (CLIENTS.containsKey(app) ? " and pods of the namespace" : " may connect to " + app + ", which serves no client"));
                    }
                }
            }
        }
        return problems;
    }

    /** Each check fails on the breach it exists for: one mutated policy per rule, in the services the issue names. */
    @Test
    void aPolicyThatAllowsTooMuchOrTooLittleFails() {
        ObjectNode anywhere443 = Rendered.YAML.createObjectNode();
        anywhere443.putArray("to").addObject().putObject("ipBlock").put("cidr", "0.0.0.0/0");
        anywhere443.putArray("ports").addObject().put("protocol", "TCP").put("port", 443);
        // query-api calls no provider: leaving the cluster at all is too much.
        assertThat(excessProblems(Mutated.overlay("local", "NetworkPolicy", "query-api",
                p -> ((com.fasterxml.jackson.databind.node.ArrayNode) p.path("spec").path("egress")).add(anywhere443.deepCopy()))))
                .anyMatch(p -> p.startsWith("query-api: NetworkPolicy/query-api egress[") && p.contains("leaves the cluster"));
        // ingest-fundamentals reads no S3: MinIO is too much.
        ObjectNode minio = Rendered.YAML.createObjectNode();
        minio.putArray("to").addObject().putObject("podSelector").putObject("matchLabels").put("app", "minio");
        minio.putArray("ports").addObject().put("protocol", "TCP").put("port", 9000);
        assertThat(excessProblems(Mutated.overlay("production", "NetworkPolicy", "ingest-fundamentals",
                p -> ((com.fasterxml.jackson.databind.node.ArrayNode) p.path("spec").path("egress")).add(minio))))
                .anyMatch(p -> p.startsWith("ingest-fundamentals: NetworkPolicy/ingest-fundamentals egress[") && p.contains("does not use"));
        // query-api without its MinIO rule cannot read the lake: too little.
        assertThat(missingProblems(Mutated.overlay("local", "NetworkPolicy", "query-api",
                p -> {
                    var egress = (com.fasterxml.jackson.databind.node.ArrayNode) p.path("spec").path("egress");
                    int before = egress.size();
                    for (int i = egress.size() - 1; i >= 0; i--) {
                        if (egress.path(i).at("/to/0/podSelector/matchLabels/app").asText().equals("minio")) {
                            egress.remove(i);
                        }
                    }
                    assertThat(egress.size()).as("query-api's MinIO rule removed").isEqualTo(before - 1);
                })))
                .contains("query-api: egress to Service minio (its pods, port 9000) is not allowed");
        // A pod of the namespace may not call ingest-fundamentals, which serves nobody but Prometheus.
        assertThat(ingressProblems(Mutated.overlay("local", "NetworkPolicy", "ingest-fundamentals",
                p -> ((ObjectNode) p.path("spec").path("ingress").path(0).path("from").path(0)).putObject("podSelector"))))
                .anyMatch(p -> p.startsWith("ingest-fundamentals: NetworkPolicy/ingest-fundamentals ingress[0] admits"));
        ObjectNode everyone = Rendered.YAML.createObjectNode();
        everyone.putArray("from").addObject().putObject("namespaceSelector");
        everyone.putArray("ports").addObject().put("protocol", "TCP").put("port", 8087);
        assertThat(ingressProblems(Mutated.overlay("production", "NetworkPolicy", "query-api",
                p -> ((com.fasterxml.jackson.databind.node.ArrayNode) p.path("spec").path("ingress")).add(everyone))))
                .anyMatch(p -> p.startsWith("query-api: NetworkPolicy/query-api ingress[2] admits"));
    }

    /** Pods of one kind of server the service uses, on one port. */
    private record Target(List<Map<String, String>> backends, int port) {
    }

    /** @return null when the peer/port is one the service uses, else why not */
    private static String justify(JsonNode peer, int port, List<Map<String, String>> pods, Map<String, List<Target>> used, TreeSet<Integer> externalPorts) {
        if (peer.has("ipBlock")) {
            if (!externalPorts.contains(port)) {
                return "leaves the cluster, but the configuration names no external endpoint on port " + port
                        + (externalPorts.isEmpty() ? " (none at all)" : " (only " + externalPorts + ")");
            }
            JsonNode block = peer.path("ipBlock");
            if (block.path("cidr").asText().equals("0.0.0.0/0")) {
                List<String> except = new ArrayList<>();
                block.path("except").forEach(e -> except.add(e.asText()));
                if (!except.containsAll(PRIVATE_RANGES)) {
                    return "0.0.0.0/0 must except " + PRIVATE_RANGES + " (else it also opens every pod and node of the cluster)";
                }
            }
            return null;
        }
        if (peer.has("namespaceSelector")) {
            boolean dns = peer.path("namespaceSelector").path("matchLabels").path("kubernetes.io/metadata.name").asText().equals("kube-system")
                    && peer.path("podSelector").path("matchLabels").path("k8s-app").asText().equals("kube-dns");
            return dns && port == 53 ? null : "another namespace, and not DNS (kube-system/kube-dns on 53)";
        }
        List<Map<String, String>> selected = pods.stream().filter(l -> Rendered.selects(peer.path("podSelector"), l)).toList();
        for (var e : used.entrySet()) {
            for (Target t : e.getValue()) {
                if (t.port() == port && !selected.isEmpty() && t.backends().containsAll(selected)) {
                    return null;
                }
            }
        }
        return "pods the configuration does not use on this port (it uses " + used.keySet() + ")";
    }

    /** @return the Service's backends and target port for host:port, when the host is a rendered Service */
    private static java.util.Optional<Target> target(Rendered rendered, String host, int port) {
        return rendered.find("Service", host.split("\\.")[0]).map(service -> {
            int targetPort = port;
            for (JsonNode p : service.path("spec").path("ports")) {
                if (p.path("port").asInt() == port && p.path("targetPort").isInt()) {
                    targetPort = p.path("targetPort").asInt();
                }
            }
            List<Map<String, String>> backends = rendered.podLabels().stream().filter(l -> Rendered.selects(service.path("spec").path("selector"), l)).toList();
            return new Target(backends, targetPort);
        });
    }

    /**
     * @return the ports of the endpoints outside the cluster the service's configuration names: URLs in its
     *         application.properties (prod view), in its container environment and in {@code @WithDefault} of its
     *         src/main/java; a host without a dot, localhost and 127.0.0.1 are not outside
     */
    static TreeSet<Integer> externalPorts(ServiceModule module, Map<String, String> env) {
        List<String> values = new ArrayList<>(module.properties().values());
        values.addAll(env.values());
        try (Stream<Path> sources = Files.walk(module.dir().resolve("src/main/java"))) {
            for (Path source : sources.filter(f -> f.toString().endsWith(".java")).toList()) {
                Matcher m = WITH_DEFAULT_URL.matcher(Files.readString(source));
                while (m.find()) {
                    values.add(m.group(1));
                }
            }
        } catch (java.nio.file.NoSuchFileException e) {
            // no sources: nothing more
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        TreeSet<Integer> ports = new TreeSet<>();
        for (String value : values) {
            Matcher m = URL.matcher(value);
            while (m.find()) {
                String host = m.group(2);
                if (!host.contains(".") || host.equals("127.0.0.1") || host.endsWith(".svc") || host.endsWith(".cluster.local")) {
                    continue;
                }
                ports.add(m.group(3) != null ? Integer.parseInt(m.group(3)) : (m.group(1).endsWith("s") ? 443 : 80));
            }
        }
        return ports;
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
