package io.marketflow.sink.messaging;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;

/**
 * Publishes the durable lag: records in the assigned partitions that are not yet in committed files (log end offset
 * minus committed offset), which is what an operator waits on, unlike the fetch lag of the Kafka binder.
 */
@ApplicationScoped
public class LagProbe {

    private static final Logger LOG = Logger.getLogger(LagProbe.class);
    /** Two broker round trips on the polling thread; the scheduler skips a probe while the previous one runs. */
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(30);

    private final RawTopicPoller poller;
    private final SinkMetrics metrics;

    /**
     * @param poller the raw topics' consumer
     * @param metrics where the gauge lives
     */
    public LagProbe(RawTopicPoller poller, SinkMetrics metrics) {
        this.poller = poller;
        this.metrics = metrics;
    }

    @Scheduled(every = "${marketflow.sink.lag-probe-interval:10s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void probe() {
        if (!poller.alive()) {
            return;
        }
        try {
            metrics.lag(poller.call(consumer -> {
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
            }, PROBE_TIMEOUT));
        } catch (RuntimeException e) {
            LOG.debugf("[probe] - lag not measured: %s", e.getMessage());
        }
    }
}
