package io.marketflow.sink.integration;

import java.util.List;

/**
 * The ways users run the sink's consumer group, each as the channel's Kafka properties: the classic protocol with an
 * eager assignor (every partition revoked in every rebalance) or the cooperative sticky one (a rebalance keeps what it
 * can, the case where an abandoned cut's partition stays ours), and Kafka 4's consumer group protocol (KIP-848: the
 * broker assigns; its session timeout is the broker's, 45 s by default, so a killed member's partitions move later).
 */
enum GroupProtocol {

    EAGER(List.of("partition.assignment.strategy=org.apache.kafka.clients.consumer.RangeAssignor",
            "session.timeout.ms=6000", "heartbeat.interval.ms=1000")),
    COOPERATIVE(List.of("partition.assignment.strategy=org.apache.kafka.clients.consumer.CooperativeStickyAssignor",
            "session.timeout.ms=6000", "heartbeat.interval.ms=1000")),
    // session.timeout.ms and heartbeat.interval.ms are the broker's under this protocol; the client refuses them.
    CONSUMER(List.of("group.protocol=consumer"));

    private final List<String> properties;

    GroupProtocol(List<String> properties) {
        this.properties = properties;
    }

    /** @return {@code -D} options setting these consumer properties on the raw-topics channel of a packaged sink */
    List<String> jvmArgs() {
        return properties.stream().map(p -> "-Dmp.messaging.incoming.raw-topics." + p).toList();
    }
}
