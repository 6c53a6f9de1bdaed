package io.marketflow.sink.messaging;

import static io.marketflow.sink.SinkTestSupport.send;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;

import io.marketflow.contract.ContractJson;
import io.marketflow.contract.Topics;
import io.marketflow.contract.Trade;
import io.marketflow.localstack.LocalStackResource;
import io.marketflow.sink.SinkTestSupport;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Records that cannot be stored go to {@code <topic>.dlq} with their reason and coordinates; the sink keeps going.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
class DeadLetterTest {

    @Test
    void sendsMalformedAndInvalidRecordsToTheDeadLetterTopicAndKeepsStoring() {
        String ticker = "D" + SinkTestSupport.runToken();
        try (KafkaProducer<byte[], byte[]> producer = SinkTestSupport.producer()) {
            send(producer, Topics.STOCK_TRADES, ticker, "{not json".getBytes(StandardCharsets.UTF_8));
            send(producer, Topics.STOCK_TRADES, ticker, ContractJson.toBytes(
                    new Trade(1, ticker, Instant.parse("2026-11-20T15:00:00Z"), 0, 5, "V", null, List.of(), null, "alpaca", false)));
            send(producer, Topics.STOCK_TRADES, ticker, ContractJson.toBytes(
                    new Trade(1, ticker, Instant.parse("2026-11-20T15:00:01Z"), 12.5, 5, "V", null, List.of(), null, "alpaca", false)));
            producer.flush();
        }

        List<ConsumerRecord<byte[], byte[]>> dead = awaitDeadLetters(Topics.deadLetter(Topics.STOCK_TRADES), ticker, 2);

        Map<String, String> first = headers(dead.get(0));
        assertThat(first.get("reason")).startsWith("not a valid Trade");
        assertThat(first).containsEntry("topic", Topics.STOCK_TRADES).containsKeys("partition", "offset");
        assertThat(new String(dead.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("{not json");
        assertThat(headers(dead.get(1)).get("reason")).contains("price must be a positive number");
        assertThat(Long.parseLong(headers(dead.get(1)).get("offset"))).isEqualTo(Long.parseLong(first.get("offset")) + 1);
        try (S3Client s3 = SinkTestSupport.s3()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> SinkTestSupport.listAll(s3, "stock-data").stream()
                    .anyMatch(o -> o.key().startsWith("source=alpaca/ticker=" + ticker + "/date=2026-11-20/")));
        }
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("marketflow_dlq_records_total{topic=\"stock_trades\"}"))
                .body(containsString("marketflow_sink_files_committed_total{dataset=\"stock_trades\"}"))
                .body(containsString("marketflow_sink_buffered_bytes"))
                .body(containsString("marketflow_sink_consumer_lag"))
                .body(containsString("marketflow_sink_event_durable_latency_seconds_bucket"));
        given().get("/q/health/ready").then().statusCode(200).body(containsString("parquet-sink storage"));
    }

    private static List<ConsumerRecord<byte[], byte[]>> awaitDeadLetters(String topic, String key, int expected) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SinkTestSupport.stack().kafkaBootstrapServers());
        List<ConsumerRecord<byte[], byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            await().atMost(Duration.ofSeconds(30)).until(() -> !consumer.partitionsFor(topic).isEmpty());
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.key() != null && key.equals(new String(r.key(), StandardCharsets.UTF_8))) {
                        found.add(r);
                    }
                }
                return found.size() >= expected;
            });
        }
        return found;
    }

    private static Map<String, String> headers(ConsumerRecord<?, ?> record) {
        return Arrays.stream(record.headers().toArray())
                .collect(Collectors.toMap(Header::key, h -> new String(h.value(), StandardCharsets.UTF_8)));
    }
}
