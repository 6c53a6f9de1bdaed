package io.marketflow.deploy.checks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Every topic the code uses exists as a Strimzi KafkaTopic of a rendered Kafka cluster (auto-creation is off): the
 * topics of every deployed service's channels, and every topic of services/contract Topics.java with the dead-letter
 * topic of each raw one.
 */
class KafkaTopicsTest {

    private static final Pattern CONSTANT = Pattern.compile("static final String (\\w+) = \"([^\"]+)\";");
    private static final Pattern RAW = Pattern.compile("List<String> RAW = List\\.of\\(([^)]*)\\)");

    static List<String> overlays() {
        return Repo.overlays();
    }

    /** topic name (spec.topicName, else metadata.name) to KafkaTopic. */
    static Map<String, JsonNode> topics(Rendered rendered) {
        Map<String, JsonNode> topics = new LinkedHashMap<>();
        for (JsonNode topic : rendered.ofKind("KafkaTopic")) {
            topics.put(topic.path("spec").path("topicName").asText(Rendered.name(topic)), topic);
        }
        return topics;
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyChannelTopicIsDeclared(String overlay) {
        Rendered rendered = Rendered.overlay(overlay);
        Map<String, JsonNode> topics = topics(rendered);
        List<String> problems = new ArrayList<>();
        for (JsonNode deployment : rendered.serviceDeployments()) {
            ServiceModule module = Repo.service(Rendered.name(deployment)).orElse(null);
            if (module == null) {
                continue;
            }
            Map<String, String> patterns = module.topicPatterns();
            module.topics().forEach((topic, property) -> {
                if (patterns.containsValue(topic)) {
                    if (topics.keySet().stream().noneMatch(t -> t.matches(topic))) {
                        problems.add(module.name() + ": " + property + " subscribes to pattern " + topic + ", which matches no KafkaTopic");
                    }
                } else if (!topics.containsKey(topic)) {
                    problems.add(module.name() + ": " + property + "=" + topic + " has no KafkaTopic (spec.topicName: " + topic + ")");
                }
            });
        }
        assertThat(problems).as("topics of the services' channels in overlay %s", overlay).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyContractTopicAndItsDeadLetterTopicIsDeclared(String overlay) {
        String source = Repo.read(Repo.ROOT.resolve("services/contract/src/main/java/io/marketflow/contract/Topics.java"));
        Map<String, String> constants = new LinkedHashMap<>();
        Matcher m = CONSTANT.matcher(source);
        while (m.find()) {
            constants.put(m.group(1), m.group(2));
        }
        String suffix = constants.remove("DEAD_LETTER_SUFFIX");
        assertThat(suffix).as("Topics.DEAD_LETTER_SUFFIX").isNotNull();
        Matcher raw = RAW.matcher(source);
        assertThat(raw.find()).as("Topics.RAW = List.of(...)").isTrue();
        Set<String> expected = new LinkedHashSet<>(constants.values());
        for (String constant : raw.group(1).split(",")) {
            String topic = constants.get(constant.strip());
            assertThat(topic).as("Topics.%s", constant.strip()).isNotNull();
            expected.add(topic + suffix);
        }
        Set<String> declared = topics(Rendered.overlay(overlay)).keySet();
        assertThat(declared).as("KafkaTopics of overlay %s against services/contract Topics.java", overlay).containsAll(expected);
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void topicsBelongToARenderedClusterThatCanHoldTheirReplicas(String overlay) {
        Rendered rendered = Rendered.overlay(overlay);
        Map<String, Integer> brokers = new LinkedHashMap<>();
        for (JsonNode pool : rendered.ofKind("KafkaNodePool")) {
            boolean broker = false;
            for (JsonNode role : pool.path("spec").path("roles")) {
                broker |= role.asText().equals("broker");
            }
            if (broker) {
                brokers.merge(pool.path("metadata").path("labels").path("strimzi.io/cluster").asText(), pool.path("spec").path("replicas").asInt(), Integer::sum);
            }
        }
        List<String> problems = new ArrayList<>();
        for (JsonNode kafka : rendered.ofKind("Kafka")) {
            JsonNode annotations = kafka.path("metadata").path("annotations");
            if (!"enabled".equals(annotations.path("strimzi.io/kraft").asText()) || !"enabled".equals(annotations.path("strimzi.io/node-pools").asText())) {
                problems.add("Kafka " + Rendered.name(kafka) + " lacks strimzi.io/kraft and strimzi.io/node-pools: enabled");
            }
            int nodes = brokers.getOrDefault(Rendered.name(kafka), 0);
            int minIsr = kafka.path("spec").path("kafka").path("config").path("min.insync.replicas").asInt(1);
            if (nodes < 1) {
                problems.add("Kafka " + Rendered.name(kafka) + " has no KafkaNodePool with the broker role");
            } else if (minIsr > nodes) {
                problems.add("Kafka " + Rendered.name(kafka) + ": min.insync.replicas " + minIsr + " > " + nodes + " brokers: every acks=all send fails");
            }
        }
        for (JsonNode topic : rendered.ofKind("KafkaTopic")) {
            String cluster = topic.path("metadata").path("labels").path("strimzi.io/cluster").asText();
            if (rendered.find("Kafka", cluster).isEmpty()) {
                problems.add(Rendered.id(topic) + ": label strimzi.io/cluster=" + cluster + " names no rendered Kafka");
                continue;
            }
            int replicas = topic.path("spec").path("replicas").asInt(1);
            if (replicas > brokers.getOrDefault(cluster, 0)) {
                problems.add(Rendered.id(topic) + ": " + replicas + " replicas on " + brokers.getOrDefault(cluster, 0) + " brokers");
            }
            if (topic.path("spec").path("partitions").asInt(0) < 1) {
                problems.add(Rendered.id(topic) + ": no partitions");
            }
            if (!topic.path("spec").path("config").has("retention.ms") && !topic.path("spec").path("config").has("retention.bytes")) {
                problems.add(Rendered.id(topic) + ": no retention set");
            }
        }
        assertThat(problems).as("Kafka of overlay %s", overlay).isEmpty();
    }
}
