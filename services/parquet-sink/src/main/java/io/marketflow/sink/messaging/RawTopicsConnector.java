package io.marketflow.sink.messaging;

import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Flow;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.spi.Connector;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.BackPressureStrategy;
import io.smallrye.reactive.messaging.connector.InboundConnector;

/**
 * The connector of the raw-topics channel: one {@code ConsumerRecords} message per poll, through {@link RawTopicPoller}.
 * Its channel attributes are {@code topics} plus any Kafka consumer property ({@code group.id},
 * {@code max.poll.records}, …), as with SmallRye's Kafka connector, so the channel keeps its configuration keys.
 */
@ApplicationScoped
@Connector(RawTopicsConnector.NAME)
public class RawTopicsConnector implements InboundConnector {

    /** The value of the channel's {@code connector} attribute. */
    public static final String NAME = "marketflow-raw-topics";

    private final RawTopicPoller poller;
    private final String bootstrapServers;

    /**
     * @param poller the consumer's owner
     * @param bootstrapServers the cluster, unless the channel names its own {@code bootstrap.servers}
     */
    public RawTopicsConnector(RawTopicPoller poller, @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.poller = poller;
        this.bootstrapServers = bootstrapServers;
    }

    @Override
    public Flow.Publisher<? extends Message<?>> getPublisher(Config config) {
        List<String> topics = Arrays.stream(config.getValue("topics", String.class).split(","))
                .map(String::strip).filter(t -> !t.isEmpty()).toList();
        poller.create(consumerProperties(config));
        return Multi.createFrom().<Message<ConsumerRecords<byte[], byte[]>>>emitter(emitter -> poller.start(topics, emitter),
                BackPressureStrategy.BUFFER);
    }

    /** @return the channel's Kafka consumer properties; other attributes (connector, topics) are not Kafka's */
    private Properties consumerProperties(Config config) {
        Set<String> kafkaNames = ConsumerConfig.configNames();
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        for (String name : config.getPropertyNames()) {
            if (kafkaNames.contains(name)) {
                properties.put(name, config.getValue(name, String.class));
            }
        }
        // Not a choice: offsets are committed by the writer once files are durable, never by the consumer itself.
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return properties;
    }
}
