package io.marketflow.sink.messaging;

import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;

/**
 * Publishes the durable lag: records in the assigned partitions that are not yet in committed files (log end offset
 * minus committed offset), which is what an operator waits on, unlike the fetch lag of the Kafka binder.
 */
@ApplicationScoped
public class LagProbe {

    private static final Logger LOG = Logger.getLogger(LagProbe.class);

    private final KafkaClientService clients;
    private final SinkMetrics metrics;

    /**
     * @param clients SmallRye's clients
     * @param metrics where the gauge lives
     */
    public LagProbe(KafkaClientService clients, SinkMetrics metrics) {
        this.clients = clients;
        this.metrics = metrics;
    }

    @Scheduled(every = "${marketflow.sink.lag-probe-interval:10s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void probe() {
        if (!clients.getConsumerChannels().contains(RawTopicConsumer.RAW_CHANNEL)) {
            return;
        }
        clients.<byte[], byte[]>getConsumer(RawTopicConsumer.RAW_CHANNEL).runOnPollingThread(consumer -> {
            Set<TopicPartition> assigned = consumer.assignment();
            if (assigned.isEmpty()) {
                return 0L;
            }
            Map<TopicPartition, Long> ends = consumer.endOffsets(assigned);
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(assigned);
            long lag = 0;
            for (TopicPartition tp : assigned) {
                OffsetAndMetadata c = committed.get(tp);
                lag += Math.max(0, ends.getOrDefault(tp, 0L) - (c == null ? 0 : c.offset()));
            }
            return lag;
        }).subscribe().with(metrics::lag, failure -> LOG.debugf("[probe] - lag not measured: %s", failure.getMessage()));
    }
}
