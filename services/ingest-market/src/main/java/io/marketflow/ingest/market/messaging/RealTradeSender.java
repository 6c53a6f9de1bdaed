package io.marketflow.ingest.market.messaging;

import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import io.marketflow.contract.Topics;
import io.marketflow.contract.Trade;
import io.marketflow.ingest.market.domain.Rejected;
import io.marketflow.ingest.market.domain.TradeValidator;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Validates real trades and publishes them to {@code stock_trades} (key = ticker), or to {@code stock_trades.dlq} with
 * the reason in the {@code reason} header, counting rejections per reason. Sends do not wait for the broker: the stream
 * must keep reading its socket; acknowledgements and failures land in {@link ProducerMetrics}.
 */
@ApplicationScoped
public class RealTradeSender {

    /** Channel of the real trades. */
    public static final String CHANNEL = "real-trades";
    /** Channel of the rejected trades. */
    public static final String DLQ_CHANNEL = "stock-trades-dlq";
    /** Real trades rejected by validation; tag {@code reason}. */
    public static final String REJECTED = "marketflow.realtime.rejected";

    private final MutinyEmitter<Trade> trades;
    private final MutinyEmitter<Trade> deadLetters;
    private final ProducerMetrics metrics;
    private final MeterRegistry registry;
    private final String topic;

    public RealTradeSender(@Channel(CHANNEL) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 16384) MutinyEmitter<Trade> trades,
            @Channel(DLQ_CHANNEL) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096) MutinyEmitter<Trade> deadLetters,
            ProducerMetrics metrics, MeterRegistry registry,
            @ConfigProperty(name = "mp.messaging.outgoing." + CHANNEL + ".topic", defaultValue = Topics.STOCK_TRADES) String topic) {
        this.trades = trades;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
        this.registry = registry;
        this.topic = topic;
    }

    /**
     * @param trade a real trade inside the session
     * @param knownTickers the registry's active tickers
     * @return true when published, false when dead-lettered
     */
    public boolean send(Trade trade, Set<String> knownTickers) {
        Optional<Rejected<Trade>> rejected = TradeValidator.validate(trade, knownTickers);
        if (rejected.isPresent()) {
            deadLetter(rejected.get());
            return false;
        }
        var metadata = OutgoingKafkaRecordMetadata.<String> builder().withKey(trade.ticker()).build();
        emit(trades, topic, Message.of(trade).addMetadata(metadata));
        return true;
    }

    private void deadLetter(Rejected<Trade> rejected) {
        registry.counter(REJECTED, "reason", TradeValidator.kind(rejected.reason())).increment();
        Log.debugf("[deadLetter] - %s %s", rejected.record().ticker(), rejected.reason());
        var metadata = DeadLetters.metadata(rejected.record().ticker(), rejected.reason(), rejected.record().source());
        emit(deadLetters, Topics.deadLetter(topic), Message.of(rejected.record()).addMetadata(metadata));
    }

    private void emit(MutinyEmitter<Trade> emitter, String target, Message<Trade> message) {
        try {
            emitter.sendMessageAndForget(metrics.track(target, message));
        } catch (RuntimeException e) {
            // Buffer full (the broker is away for long): drop and count rather than block the socket reader.
            metrics.callback(target).onCompletion(null, e);
            Log.warnf("[emit] - %s: trade dropped: %s", target, e.getMessage());
        }
    }
}
