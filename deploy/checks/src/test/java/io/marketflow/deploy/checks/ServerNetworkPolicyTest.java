package io.marketflow.deploy.checks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The servers (PostgreSQL, MinIO, the Kafka brokers) admit exactly the workloads that use them: on its port, a
 * server's ingress peers select the same workloads whose own NetworkPolicy lets them reach that server on that port.
 * A server without such a policy, or one that admits a pod that never connects, or misses a client, fails.
 */
class ServerNetworkPolicyTest {

    /** A server: the labels of its pods and the port its clients use. */
    record Server(String name, Map<String, String> pods, int port) {
    }

    static List<String> overlays() {
        return Repo.overlays();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyServerAdmitsExactlyTheWorkloadsThatUseIt(String overlay) {
        assertThat(problems(Rendered.overlay(overlay))).as("server policies of overlay %s", overlay).isEmpty();
    }

    @Test
    void aServerWithoutAPolicyOrWithTooManyOrTooFewPeersFails() {
        Rendered noPolicy = Mutated.overlay("local", "NetworkPolicy", "postgres",
                policy -> ((ObjectNode) policy.path("spec")).putArray("policyTypes").add("Egress"));
        assertThat(problems(noPolicy)).anySatisfy(p -> assertThat(p).startsWith("postgres:").contains("no NetworkPolicy"));

        Rendered tooMany = Mutated.overlay("local", "NetworkPolicy", "minio", policy -> ((ArrayNode) policy.at("/spec/ingress/0/from"))
                .addObject().putObject("podSelector").putObject("matchLabels").put("app", "aggregator"));
        assertThat(problems(tooMany)).anySatisfy(p -> assertThat(p).startsWith("minio:").contains("Deployment/aggregator"));

        Rendered tooFew = Mutated.overlay("local", "Kafka", "marketflow",
                kafka -> ((ArrayNode) kafka.at("/spec/kafka/listeners/0/networkPolicyPeers")).remove(0));
        assertThat(problems(tooFew)).anySatisfy(p -> assertThat(p).startsWith("kafka:").contains("Deployment/ingest-market"));

        Rendered everyone = Mutated.overlay("local", "NetworkPolicy", "postgres",
                policy -> ((ArrayNode) policy.at("/spec/ingress/0/from")).addObject().putObject("namespaceSelector"));
        assertThat(problems(everyone)).anySatisfy(p -> assertThat(p).startsWith("postgres:").contains("namespaceSelector"));
    }

    private static List<String> problems(Rendered rendered) {
        List<String> problems = new ArrayList<>();
        for (Server server : servers(rendered)) {
            Set<String> users = users(rendered, server);
            if (users.isEmpty()) {
                problems.add(server.name() + ": no workload uses it (the check would prove nothing)");
            }
            Set<String> admitted = new TreeSet<>();
            if (server.name().equals("kafka")) {
                JsonNode peers = rendered.ofKind("Kafka").get(0).at("/spec/kafka/listeners").path(0).path("networkPolicyPeers");
                if (peers.isMissingNode() || peers.isEmpty()) {
                    problems.add("kafka: no networkPolicyPeers on the plain listener, so Strimzi admits every pod");
                }
                peers.forEach(peer -> admitted.addAll(selected(rendered, peer, server, problems)));
            } else {
                List<JsonNode> policies = rendered.ofKind("NetworkPolicy").stream()
                        .filter(p -> Rendered.selects(p.path("spec").path("podSelector"), server.pods()))
                        .filter(p -> p.path("spec").path("policyTypes").toString().contains("\"Ingress\"")).toList();
                if (policies.isEmpty()) {
                    problems.add(server.name() + ": no NetworkPolicy restricts its ingress");
                }
                for (JsonNode policy : policies) {
                    for (JsonNode rule : policy.path("spec").path("ingress")) {
                        if (!rule.has("ports") || rule.path("ports").toString().contains("\"port\":" + server.port())) {
                            rule.path("from").forEach(peer -> admitted.addAll(selected(rendered, peer, server, problems)));
                        }
                    }
                }
            }
            if (!admitted.equals(users)) {
                problems.add(server.name() + ": admits " + admitted + " on " + server.port() + ", but the workloads that reach it are " + users);
            }
        }
        return problems;
    }

    private static List<Server> servers(Rendered rendered) {
        List<Server> servers = new ArrayList<>();
        for (String name : List.of("postgres", "minio")) {
            JsonNode service = rendered.find("Service", name).orElseThrow(() -> new AssertionError(rendered + " renders no Service/" + name));
            servers.add(new Server(name, serverPods(rendered, service.path("spec").path("selector")), service.at("/spec/ports/0/port").asInt()));
        }
        Map<String, String> broker = rendered.podLabels().stream().filter(l -> "Kafka".equals(l.get("strimzi.io/kind"))).findFirst()
                .orElseThrow(() -> new AssertionError(rendered + " renders no KafkaNodePool"));
        servers.add(new Server("kafka", broker, rendered.ofKind("Kafka").get(0).at("/spec/kafka/listeners/0/port").asInt()));
        return servers;
    }

    private static Map<String, String> serverPods(Rendered rendered, JsonNode selector) {
        return rendered.workloads().stream().map(ServerNetworkPolicyTest::templateLabels)
                .filter(l -> Rendered.selects(selector, l)).findFirst().orElseThrow();
    }

    /** @return the workloads whose own egress policy allows a pod peer of this server on its port */
    private static Set<String> users(Rendered rendered, Server server) {
        Set<String> users = new TreeSet<>();
        for (JsonNode workload : rendered.workloads()) {
            Map<String, String> labels = templateLabels(workload);
            for (JsonNode policy : rendered.ofKind("NetworkPolicy")) {
                if (!Rendered.selects(policy.path("spec").path("podSelector"), labels)) {
                    continue;
                }
                for (JsonNode rule : policy.path("spec").path("egress")) {
                    boolean port = rule.path("ports").toString().contains("\"port\":" + server.port());
                    for (JsonNode peer : rule.path("to")) {
                        if (port && peer.has("podSelector") && !peer.has("namespaceSelector")
                                && Rendered.selects(peer.path("podSelector"), server.pods())) {
                            users.add(Rendered.id(workload));
                        }
                    }
                }
            }
        }
        return users;
    }

    /** @return the workloads an ingress peer admits; a peer open to namespaces or to every pod is a problem */
    private static Set<String> selected(Rendered rendered, JsonNode peer, Server server, List<String> problems) {
        Set<String> selected = new TreeSet<>();
        if (peer.has("namespaceSelector") || peer.has("ipBlock") || peer.path("podSelector").isEmpty()) {
            problems.add(server.name() + ": a peer admits more than pods of named workloads (" + peer + "; namespaceSelector, ipBlock or {})");
            return selected;
        }
        for (JsonNode workload : rendered.workloads()) {
            if (Rendered.selects(peer.path("podSelector"), templateLabels(workload))) {
                selected.add(Rendered.id(workload));
            }
        }
        return selected;
    }

    private static Map<String, String> templateLabels(JsonNode workload) {
        return Rendered.labels(workload.path("spec").path("template").path("metadata").path("labels"));
    }
}
