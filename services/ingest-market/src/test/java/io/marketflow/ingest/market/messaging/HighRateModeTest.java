package io.marketflow.ingest.market.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.marketflow.contract.ContractJson;
import io.marketflow.contract.Topics;
import io.marketflow.contract.Trade;
import io.marketflow.localstack.LocalStackResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

@QuarkusTest
@TestProfile(HighRateModeTest.Unthrottled.class)
@WithTestResource(LocalStackResource.class)
class HighRateModeTest {

    /** Far more than the throttled rate (30 tickers × 1/s) could produce in the test's deadline. */
    private static final int MANY = 20_000;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void sendsKeyedSyntheticTradesAsFastAsKafkaAccepts() {
        try (TopicReader reader = new TopicReader(bootstrapServers, Topics.STOCK_TRADES)) {
            List<ConsumerRecord<String, byte[]>> records = reader.readUntil(Duration.ofSeconds(60), read -> read.size() >= MANY);
            assertThat(records).hasSizeGreaterThanOrEqualTo(MANY);
            for (ConsumerRecord<String, byte[]> record : records.subList(0, 1000)) {
                Trade trade = ContractJson.fromBytes(record.value(), Trade.class);
                assertThat(trade.ticker()).isEqualTo(record.key());
                assertThat(trade.synthetic()).isTrue();
            }
        }
    }

    /** The benchmark's mode. */
    public static class Unthrottled implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("marketflow.market.synthetic.unthrottled", "true");
        }
    }
}
