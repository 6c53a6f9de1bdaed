package io.marketflow.localstack;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

import io.marketflow.contract.Topics;

/**
 * Creates the contract's topics on the local broker, as the Strimzi {@code KafkaTopic}s do on Kubernetes. Without it a
 * consumer that subscribes before a producer's first record (the sink, at startup) would see the topic only at its
 * next metadata refresh, minutes later.
 */
final class TopicProvisioner {

    /** Partitions of every local topic: enough to exercise keying and consumer groups on a laptop. */
    static final int PARTITIONS = 3;

    private final String bootstrapServers;

    TopicProvisioner(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /**
     * @return the topics created now (those that already existed are left as they are)
     */
    List<String> ensureContractTopics() {
        List<String> wanted = new ArrayList<>(Topics.RAW);
        Topics.RAW.forEach(topic -> wanted.add(Topics.deadLetter(topic)));
        wanted.add(Topics.START_MODEL);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = wanted.stream()
                    .filter(topic -> !existing.contains(topic))
                    .map(topic -> new NewTopic(topic, PARTITIONS, (short) 1))
                    .toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get();
            }
            return missing.stream().map(NewTopic::name).toList();
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot create the topics on " + bootstrapServers + ": " + e.getCause().getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
    }
}
