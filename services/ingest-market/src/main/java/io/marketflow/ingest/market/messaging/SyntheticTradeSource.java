package io.marketflow.ingest.market.messaging;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Outgoing;

import io.marketflow.calendar.MarketCalendar;
import io.marketflow.contract.Topics;
import io.marketflow.contract.Trade;
import io.marketflow.ingest.market.config.MarketConfig;
import io.marketflow.ingest.market.domain.IntradayVolumeProfile;
import io.marketflow.ingest.market.domain.SessionOwnership;
import io.marketflow.ingest.market.domain.SyntheticTradeGenerator;
import io.marketflow.registry.Company;
import io.marketflow.registry.CompanyRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaProducer;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Publishes synthetic trades for every active company to {@code stock_trades}, keyed by ticker: on a fixed rate through
 * the {@code @Outgoing} channel, or as fast as Kafka accepts in unthrottled mode. The active companies are re-read from the registry on every round, so
 * a company deactivated in {@code companies_info} stops trading without a restart.
 */
@ApplicationScoped
public class SyntheticTradeSource {

    /** The outgoing channel; its topic is {@code stock_trades} unless configured otherwise. */
    public static final String CHANNEL = "synthetic-trades";
    /** Rounds skipped because Kafka could not keep up (e.g. while the broker is down). */
    public static final String SKIPPED_ROUNDS = "marketflow.synthetic.skipped.rounds";

    private final MarketConfig.Synthetic config;
    private final MarketCalendar calendar;
    private final CompanyRegistry registry;
    private final ProducerMetrics metrics;
    private final SyntheticTradeGenerator generator;
    private final Counter skippedRounds;
    private final String topic;
    private final KafkaClientService kafka;
    private final SessionOwnership ownership;
    private final Clock clock;

    public SyntheticTradeSource(MarketConfig config, MarketCalendar calendar, CompanyRegistry registry, ProducerMetrics metrics,
            MeterRegistry meterRegistry, KafkaClientService kafka, SessionOwnership ownership, Clock clock, @ConfigProperty(name = "mp.messaging.outgoing." + CHANNEL + ".topic",
                    defaultValue = Topics.STOCK_TRADES) String topic) {
        this.config = config.synthetic();
        this.calendar = calendar;
        this.registry = registry;
        this.metrics = metrics;
        this.topic = topic;
        this.kafka = kafka;
        this.ownership = ownership;
        this.clock = clock;
        Duration step = Duration.ofNanos(Math.round(1e9 / this.config.tradesPerTickerPerSecond()));
        this.generator = new SyntheticTradeGenerator(this.config.seed(), step, this.config.annualVolatility(),
                this.config.reversionHalfLife(), new IntradayVolumeProfile(calendar));
        this.skippedRounds = meterRegistry.counter(SKIPPED_ROUNDS);
    }

    /**
     * @return the endless stream of synthetic trades
     */
    @Outgoing(CHANNEL)
    public Multi<Message<Trade>> trades() {
        Log.infof("[trades] - synthetic trades to %s: mode %s, %s", topic, config.mode(),
                config.unthrottled() ? "unthrottled" : config.tradesPerTickerPerSecond() + " per ticker per second");
        if (config.unthrottled()) {
            // The connector's per-record reactive bookkeeping costs more CPU than the Kafka producer itself (see
            // docs/BENCHMARKS.md), so the high-rate mode sends through the channel's own producer (same serializers and
            // settings) from a loop of its own, and the channel itself stays silent.
            startHighRateSender();
            return Multi.createFrom().nothing();
        }
        Duration period = Duration.ofNanos(Math.round(1e9 / config.tradesPerTickerPerSecond()));
        return Multi.createFrom().ticks().every(period)
                // A round that Kafka cannot take now is skipped, not queued: synthetic data has no backlog to catch up.
                .onOverflow().invoke(tick -> skippedRounds.increment()).drop()
                .onItem().transformToIterable(tick -> round(clock.instant()))
                .map(this::message);
    }

    private List<Trade> round(Instant now) {
        // The shared ownership decision: in outside-market-hours mode the generator stops at the open and resumes at the
        // close exactly when the real-time stream is available, and covers the session when it is not.
        if (!ownership.syntheticEmitsAt(now, config.mode())) {
            return List.of();
        }
        List<Company> companies = registry.active();
        List<Trade> trades = new ArrayList<>(companies.size());
        for (Company company : companies) {
            trades.add(generator.next(company.ticker(), anchor(company), now));
        }
        return trades;
    }

    private Iterator<Trade> roundRobin() {
        return new Iterator<>() {
            private Iterator<Trade> current = List.<Trade> of().iterator();

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Trade next() {
                while (!current.hasNext()) {
                    current = round(clock.instant()).iterator();
                    if (!current.hasNext()) {
                        // Nothing to trade (mode off now, or no active company yet): don't spin a core.
                        parkBriefly();
                    }
                }
                return current.next();
            }
        };
    }

    private void startHighRateSender() {
        Thread sender = new Thread(() -> {
            Producer<String, Object> producer = channelProducer();
            Iterator<Trade> trades = roundRobin();
            while (!Thread.currentThread().isInterrupted()) {
                Trade trade = trades.next();
                // send() blocks when the producer's buffer is full: that is the back-pressure that paces this loop.
                producer.send(new ProducerRecord<>(topic, trade.ticker(), trade), metrics.callback(topic));
            }
        }, "synthetic-trades-high-rate");
        sender.setDaemon(true);
        sender.start();
    }

    private Producer<String, Object> channelProducer() {
        // The connector creates the channel's producer while it wires the channels, just after this method returns.
        KafkaProducer<String, Object> producer;
        while ((producer = kafka.getProducer(CHANNEL)) == null) {
            parkBriefly();
        }
        return producer.unwrap();
    }

    private Message<Trade> message(Trade trade) {
        var metadata = OutgoingKafkaRecordMetadata.<String> builder().withKey(trade.ticker()).build();
        return metrics.track(topic, Message.of(trade).addMetadata(metadata));
    }

    private double anchor(Company company) {
        return company.avgSimulatedPrice().map(Integer::doubleValue).orElse(config.defaultAnchorPrice());
    }

    private static void parkBriefly() {
        LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
    }
}
