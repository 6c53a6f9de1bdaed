package io.marketflow.ingest.market.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.marketflow.contract.Bar;
import io.marketflow.contract.Topics;
import io.marketflow.contract.WeekBars;
import io.marketflow.ingest.market.domain.Rejected;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Sends a ticker's week of bars to {@code h_alpaca} (key = ticker, header {@code mode} live or recorded) and rejected
 * bars to {@code h_alpaca.dlq} with the reason in a header, each call returning once the broker acknowledged, so
 * progress is recorded only for data in Kafka.
 */
@ApplicationScoped
public class HistoricalBarsSender {

    /** Channel of the weekly bars. */
    public static final String CHANNEL = "h-alpaca";
    /** Channel of the rejected bars. */
    public static final String DLQ_CHANNEL = "h-alpaca-dlq";
    /** Dead-letter header with the rejection reason (the same name the sink uses). */
    public static final String REASON_HEADER = DeadLetters.REASON_HEADER;
    /** Header saying whether a week came from the live API or the recorded replay (the news and social services' name). */
    public static final String MODE_HEADER = "mode";

    private static final Duration ACK_TIMEOUT = Duration.ofMinutes(2);

    private final MutinyEmitter<WeekBars> weeks;
    private final MutinyEmitter<Bar> deadLetters;
    private final ProducerMetrics metrics;
    private final String topic;

    public HistoricalBarsSender(@Channel(CHANNEL) MutinyEmitter<WeekBars> weeks, @Channel(DLQ_CHANNEL) MutinyEmitter<Bar> deadLetters,
            ProducerMetrics metrics,
            @ConfigProperty(name = "mp.messaging.outgoing." + CHANNEL + ".topic", defaultValue = Topics.H_ALPACA) String topic) {
        this.weeks = weeks;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
        this.topic = topic;
    }

    /**
     * @param week a ticker's week, possibly empty
     * @param recorded true when its bars come from the recorded replay
     */
    public void send(WeekBars week, boolean recorded) {
        byte[] mode = (recorded ? "recorded" : "live").getBytes(StandardCharsets.UTF_8);
        var metadata = OutgoingKafkaRecordMetadata.<String> builder().withKey(week.ticker())
                .withHeaders(new RecordHeaders().add(MODE_HEADER, mode)).build();
        weeks.sendMessage(metrics.track(topic, Message.of(week).addMetadata(metadata))).await().atMost(ACK_TIMEOUT);
    }

    /**
     * @param rejected a bar that failed validation
     */
    public void deadLetter(Rejected<Bar> rejected) {
        var metadata = DeadLetters.metadata(rejected.record().ticker(), rejected.reason(), rejected.record().source());
        deadLetters.sendMessage(metrics.track(Topics.deadLetter(topic), Message.of(rejected.record()).addMetadata(metadata)))
                .await().atMost(ACK_TIMEOUT);
    }
}
