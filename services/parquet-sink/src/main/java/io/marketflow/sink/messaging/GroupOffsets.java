package io.marketflow.sink.messaging;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Reads the sink group's committed offsets through the Admin API: compaction only touches files below them.
 */
@ApplicationScoped
public class GroupOffsets {

    private final String bootstrapServers;
    private final String groupId;

    /**
     * @param bootstrapServers the cluster
     * @param groupId the sink's consumer group
     */
    public GroupOffsets(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
                        @ConfigProperty(name = "mp.messaging.incoming." + RawTopicConsumer.RAW_CHANNEL + ".group.id") String groupId) {
        this.bootstrapServers = bootstrapServers;
        this.groupId = groupId;
    }

    /**
     * @param topic a topic
     * @return committed offset per partition of the topic; partitions without a commit are absent
     */
    public Map<Integer, Long> committed(String topic) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(props)) {
            Map<TopicPartition, OffsetAndMetadata> all = admin.listConsumerGroupOffsets(groupId)
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            Map<Integer, Long> result = new HashMap<>();
            all.forEach((tp, om) -> {
                if (om != null && tp.topic().equals(topic)) {
                    result.put(tp.partition(), om.offset());
                }
            });
            return result;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read the committed offsets of group " + groupId, e);
        }
    }
}
