package io.marketflow.aggregator.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.marketflow.calendar.MarketCalendar;
import io.marketflow.contract.Bar;
import io.marketflow.contract.ContractJson;
import io.marketflow.contract.ContractRecord;
import io.marketflow.contract.MacroObservation;
import io.marketflow.contract.StartModelSignal;
import io.marketflow.contract.Trade;
import io.marketflow.contract.WeekBars;
import io.marketflow.localstack.LocalStackResource;
import io.marketflow.localstack.StackAddresses;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The service on the real stack: a historical week of every active ticker through Kafka into {@code aggregated_data}
 * with a macro value joined, exactly one {@code start_model} after the last row, a replay that changes nothing, a bad
 * record dead-lettered with its reason, synthetic trades at night rolled into rows, and a minute with a single trade
 * closed by the wall clock, which a later trade of that minute does not change, with the open-bars gauge at 1 until then.
 */
@QuarkusTest
@WithTestResource(LocalStackResource.class)
@TestProfile(TestTopics.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AggregatorEndToEndTest {

    private static final MarketCalendar CALENDAR = MarketCalendar.nyse();
    private static final LocalDate WED = LocalDate.of(2025, 11, 26);
    private static final LocalDate FRI = LocalDate.of(2025, 11, 28);
    private static StackAddresses stack;
    private static StackDatabase db;
    private static KafkaProducer<String, byte[]> producer;

    @Inject
    MeterRegistry meters;

    @BeforeAll
    static void connect() throws SQLException {
        stack = LocalStackResource.shared();
        db = new StackDatabase(stack);
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        // One request in flight per partition: a newly created partition can accept a later batch before an earlier
        // one is retried, and the earlier then fails out of sequence until it expires (KAFKA-15591, records lost).
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        // the registry migrates in the background after startup
        await().atMost(Duration.ofSeconds(60)).until(() -> "t".equals(db.firstValue("SELECT to_regclass('aggregator_weeks') IS NOT NULL")));
        db.execute("TRUNCATE aggregated_data, aggregator_macro, aggregator_fundamentals, aggregator_sentiment, "
                + "aggregator_indicator_state, aggregator_minute_bars, aggregator_runs, aggregator_weeks");
    }

    @AfterAll
    static void close() {
        producer.close();
    }

    static Instant ny(LocalDate day, int hour, int minute) {
        return ZonedDateTime.of(day, LocalTime.of(hour, minute), MarketCalendar.NEW_YORK).toInstant();
    }

    static List<Bar> day(String ticker, LocalDate day) {
        List<Bar> bars = new ArrayList<>();
        for (Instant t = ny(day, 9, 30); CALENDAR.isOpen(t); t = t.plus(Duration.ofMinutes(1))) {
            double open = 100 + bars.size();
            bars.add(new Bar(ContractRecord.CURRENT_SCHEMA_VERSION, ticker, t, "1Min", open, open + 1, open - 1, open + 0.5,
                    10.0 * (bars.size() + 1), null, null, "alpaca", false));
        }
        return bars;
    }

    static void send(String topic, String key, Object value) throws Exception {
        producer.send(new ProducerRecord<>(topic, key, value instanceof byte[] b ? b : ContractJson.toBytes(value))).get();
    }

    static List<ConsumerRecord<String, byte[]>> readAll(String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
            while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                c.poll(Duration.ofMillis(200)).forEach(out::add);
            }
            return out;
        }
    }

    static List<String> activeTickers() {
        String csv = db.firstValue("SELECT string_agg(ticker, ',' ORDER BY ticker) FROM companies_info WHERE is_active");
        return List.of(csv.split(","));
    }

    static void sendWeek() throws Exception {
        for (String ticker : activeTickers()) {
            List<Bar> bars = new ArrayList<>();
            if (ticker.equals("AAPL")) {
                bars.addAll(day("AAPL", WED));
                bars.addAll(day("AAPL", FRI));
            }
            send(TestTopics.BARS, ticker, new WeekBars(ContractRecord.CURRENT_SCHEMA_VERSION, ticker, 2025, 48, bars));
        }
    }

    static String tableDigest() {
        return db.firstValue("SELECT md5(string_agg(a::text, '|' ORDER BY ticker, \"timestamp\")) FROM aggregated_data a");
    }

    @Test
    @Order(1)
    void aWeekOfEveryTickerFillsTheTableAndSignalsOnceAfterTheLastRow() throws Exception {
        send(TestTopics.MACRO, "gdp_real", new MacroObservation(ContractRecord.CURRENT_SCHEMA_VERSION, "GDPC1", "gdp_real",
                LocalDate.of(2025, 7, 1), 3.0, "fred", LocalDate.of(2025, 10, 30), null));
        await().atMost(Duration.ofSeconds(60)).until(() -> "1".equals(db.firstValue("SELECT count(*) FROM aggregator_macro")));
        send(TestTopics.BARS, "AAPL", "{not json".getBytes(StandardCharsets.UTF_8));
        sendWeek();

        await().atMost(Duration.ofSeconds(120)).until(() -> !readAll(TestTopics.START_MODEL).isEmpty());
        assertThat(db.firstValue("SELECT count(*) FROM aggregated_data WHERE ticker = 'AAPL'")).isEqualTo("600");
        List<ConsumerRecord<String, byte[]>> signals = readAll(TestTopics.START_MODEL);
        assertThat(signals).hasSize(1);
        StartModelSignal signal = ContractJson.fromBytes(signals.get(0).value(), StartModelSignal.class);
        assertThat(signal.status()).isEqualTo(StartModelSignal.COMPLETE);
        assertThat(signal.rowsWritten()).isEqualTo(600);
        assertThat(signal.totalBatchesProcessed()).isEqualTo(activeTickers().size());

        String at = "'" + ny(WED, 10, 0) + "'";
        assertThat(db.firstValue("SELECT gdp_real FROM aggregated_data WHERE ticker = 'AAPL' AND \"timestamp\" = " + at)).isEqualTo("3");
        assertThat(db.firstValue("SELECT price_mean_30min FROM aggregated_data WHERE ticker = 'AAPL' AND \"timestamp\" = " + at)).isEqualTo("115.5");
        assertThat(db.firstValue("SELECT y1 FROM aggregated_data WHERE ticker = 'AAPL' AND \"timestamp\" = " + at)).isEqualTo("131.5");
        assertThat(db.firstValue("SELECT sentiment_news_mean_1day IS NULL AND eps IS NULL FROM aggregated_data WHERE ticker = 'AAPL' AND \"timestamp\" = " + at))
                .isEqualTo("t");
        assertThat(db.firstValue("SELECT count(*) FROM aggregated_data WHERE ticker = 'AAPL' AND sma_20 IS NOT NULL")).isEqualTo(String.valueOf(600 - 19));

        List<ConsumerRecord<String, byte[]>> dead = readAll(TestTopics.BARS + ".dlq");
        assertThat(dead).hasSize(1);
        assertThat(new String(dead.get(0).headers().lastHeader(Outbox.REASON_HEADER).value(), StandardCharsets.UTF_8)).contains("WeekBars");
    }

    @Test
    @Order(2)
    void aReplayedWeekChangesNothingAndSendsNoSecondSignal() throws Exception {
        String before = tableDigest();
        sendWeek();
        await().atMost(Duration.ofSeconds(60)).until(AggregatorEndToEndTest::groupCaughtUp);
        assertThat(tableDigest()).isEqualTo(before);
        assertThat(readAll(TestTopics.START_MODEL)).hasSize(1);
    }

    @Test
    @Order(3)
    void syntheticTradesAtNightAreRolledIntoMinuteRows() throws Exception {
        Instant saturday = Instant.parse("2025-11-29T03:00:00Z");
        for (int s = 0; s < 4 * 60; s += 15) {
            double price = 470 + s / 60;
            send(TestTopics.TRADES, "MSFT", Trade.synthetic("MSFT", saturday.plusSeconds(s), price, 100));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> "3".equals(db.firstValue(
                "SELECT count(*) FROM aggregated_data WHERE ticker = 'MSFT'")));
        String first = "'" + saturday + "'";
        assertThat(db.firstValue("SELECT size_tot_1min FROM aggregated_data WHERE ticker = 'MSFT' AND \"timestamp\" = " + first)).isEqualTo("400");
        assertThat(db.firstValue("SELECT y1 FROM aggregated_data WHERE ticker = 'MSFT' AND \"timestamp\" = " + first)).isEqualTo("471");
        assertThat(db.firstValue("SELECT minutes_since_open FROM aggregated_data WHERE ticker = 'MSFT' AND \"timestamp\" = " + first)).isEqualTo("750");
    }

    @Test
    @Order(4)
    void aMinuteWithOneTradeAndNoLaterTradeClosesByTheWallClockAndALateTradeLeavesItsRow() throws Exception {
        // a minute that has already ended: it closes live.close-grace (10 s) after its only trade was read
        Instant minute = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(1));
        String ticker = "ZCLK";
        String at = "ticker = '" + ticker + "' AND \"timestamp\" = '" + minute + "'";
        // the open-bars gauge follows it: 0 once the earlier tests' last bars closed, 1 while ZCLK's waits, 0 after its row
        await().atMost(Duration.ofSeconds(60)).until(() -> openBars() == 0);
        send(TestTopics.TRADES, ticker, Trade.synthetic(ticker, minute.plusSeconds(30), 180.0, 7));
        await().atMost(Duration.ofSeconds(9)).pollInterval(Duration.ofMillis(50)).until(() -> openBars() == 1);
        await().atMost(Duration.ofSeconds(60)).until(() -> "1".equals(db.firstValue("SELECT count(*) FROM aggregated_data WHERE " + at)));
        await().atMost(Duration.ofSeconds(10)).until(() -> openBars() == 0);
        String row = db.firstValue("SELECT a::text FROM aggregated_data a WHERE " + at);
        assertThat(db.firstValue("SELECT size_tot_1min FROM aggregated_data WHERE " + at)).isEqualTo("7");
        assertThat(db.firstValue("SELECT price_mean_1min FROM aggregated_data WHERE " + at)).isEqualTo("180");

        double lateBefore = meters.counter("marketflow.aggregator.late.trades").count();
        send(TestTopics.TRADES, ticker, Trade.synthetic(ticker, minute.plusSeconds(45), 999.0, 5));
        await().atMost(Duration.ofSeconds(60)).until(() -> meters.counter("marketflow.aggregator.late.trades").count() > lateBefore);
        assertThat(db.firstValue("SELECT count(*) FROM aggregated_data WHERE ticker = '" + ticker + "'")).isEqualTo("1");
        assertThat(db.firstValue("SELECT a::text FROM aggregated_data a WHERE " + at)).isEqualTo(row);
    }

    private double openBars() {
        return meters.get("marketflow.aggregator.open.bars").gauge().value();
    }

        static boolean groupCaughtUp() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
        try (Admin admin = Admin.create(p)) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets("aggregator-test-" + TestTopics.SUFFIX)
                    .partitionsToOffsetAndMetadata().get();
            Properties c = new Properties();
            c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
            try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer())) {
                List<TopicPartition> parts = consumer.partitionsFor(TestTopics.BARS).stream()
                        .map(i -> new TopicPartition(TestTopics.BARS, i.partition())).collect(Collectors.toList());
                Map<TopicPartition, Long> end = consumer.endOffsets(parts);
                return parts.stream().allMatch(tp -> committed.containsKey(tp) && committed.get(tp).offset() == end.get(tp));
            }
        } catch (Exception e) {
            return false;
        }
    }
}
