package io.marketflow.ingest.market.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.marketflow.contract.ContractJson;
import io.marketflow.contract.Topics;
import io.marketflow.contract.Trade;
import io.marketflow.localstack.LocalStackResource;
import io.marketflow.registry.Company;
import io.marketflow.registry.CompanyRegistry;
import io.marketflow.registry.CompanyRepository;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(LocalStackResource.class)
class SyntheticTradeSourceTest {

    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @Inject
    CompanyRegistry registry;

    @Inject
    CompanyRepository repository;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void producesTradesForEveryActiveTickerKeyedByTicker() {
        // The registry reads companies_info once the schema is migrated, shortly after startup.
        await().atMost(DEADLINE).until(() -> activeTickers().size() == 30);
        Set<String> active = activeTickers();
        try (TopicReader reader = new TopicReader(bootstrapServers, Topics.STOCK_TRADES)) {
            List<ConsumerRecord<String, byte[]>> records = reader.readUntil(DEADLINE, read -> keys(read).containsAll(active));
            assertThat(keys(records)).containsAll(active);
            for (ConsumerRecord<String, byte[]> record : records) {
                Trade trade = ContractJson.fromBytes(record.value(), Trade.class);
                assertThat(trade.ticker()).isEqualTo(record.key());
                assertThat(trade.synthetic()).isTrue();
                assertThat(trade.schemaVersion()).isEqualTo(1);
            }
            // Keyed by ticker: each ticker lives in exactly one partition, so its trades stay ordered.
            Map<String, Set<Integer>> partitions = records.stream().collect(
                    Collectors.groupingBy(ConsumerRecord::key, Collectors.mapping(ConsumerRecord::partition, Collectors.toSet())));
            assertThat(partitions.values()).allSatisfy(p -> assertThat(p).hasSize(1));
        }
    }

    @Test
    void stopsProducingATickerDeactivatedInCompaniesInfo() {
        String ticker = "KO";
        await().atMost(DEADLINE).until(() -> activeTickers().contains(ticker));
        repository.setActive(ticker, false).await().indefinitely();
        try {
            // The scheduled refresh, not a restart, must pick the change up.
            await().atMost(DEADLINE).until(() -> !activeTickers().contains(ticker));
            Instant deactivated = Instant.now();
            Set<String> others = activeTickers();
            try (TopicReader reader = new TopicReader(bootstrapServers, Topics.STOCK_TRADES)) {
                List<Trade> after = reader.readUntil(DEADLINE, read -> tradedAfter(read, deactivated).containsAll(others)).stream()
                        .map(record -> ContractJson.fromBytes(record.value(), Trade.class))
                        .filter(trade -> trade.timestamp().isAfter(deactivated))
                        .toList();
                assertThat(after).extracting(Trade::ticker).containsAll(others).doesNotContain(ticker);
            }
        } finally {
            repository.setActive(ticker, true).await().indefinitely();
            registry.refresh().await().indefinitely();
        }
    }

    private Set<String> activeTickers() {
        return registry.active().stream().map(Company::ticker).collect(Collectors.toSet());
    }

    private static Set<String> keys(List<ConsumerRecord<String, byte[]>> records) {
        return records.stream().map(ConsumerRecord::key).collect(Collectors.toSet());
    }

    private static Set<String> tradedAfter(List<ConsumerRecord<String, byte[]>> records, Instant instant) {
        return records.stream()
                .map(record -> ContractJson.fromBytes(record.value(), Trade.class))
                .filter(trade -> trade.timestamp().isAfter(instant))
                .map(Trade::ticker)
                .collect(Collectors.toSet());
    }
}
