package io.marketflow.ingest.news.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.marketflow.contract.ContractJson;
import io.marketflow.contract.NewsArticle;
import io.marketflow.contract.Topics;
import io.marketflow.localstack.LocalStackResource;
import io.marketflow.registry.CompanyRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** Without keys: the recorded responses this service serves itself go through the real clients to Kafka, marked recorded. */
@QuarkusTest
@TestProfile(RecordedModeTest.Recorded.class)
@WithTestResource(LocalStackResource.class)
class RecordedModeTest {

    /** No keys, manual polling, a new recorded run, and a known HTTP port: the recorded base URL points at this service itself. */
    public static class Recorded implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try (ServerSocket socket = new ServerSocket(0)) {
                return Map.of("quarkus.http.test-port", Integer.toString(socket.getLocalPort()), "marketflow.news.schedule", "false",
                        "marketflow.news.finnhub.api-key", "", "marketflow.news.newsapi.api-key", "",
                        "marketflow.news.finnhub.requests-per-minute", "6000",
                        // A run of its own: the shared test database keeps the recorded state of earlier runs.
                        "marketflow.news.recorded-run", "test-" + UUID.randomUUID());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Inject
    FinnhubPoller finnhub;

    @Inject
    NewsApiPoller newsapi;

    @Inject
    CompanyRegistry companies;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void replaysRecordedFinnhubNewsMarkedAsRecorded() {
        companies.refresh().await().indefinitely();
        assertThat(finnhub.status().mode()).isEqualTo("recorded");
        try (TopicReader reader = new TopicReader(bootstrap, Topics.FINNHUB)) {
            // AAPL, MSFT and NVDA have recordings: 4 + 3 + 2 articles.
            assertThat(finnhub.pollOnce()).isEqualTo(9);
            List<ConsumerRecord<String, byte[]>> records = reader.readUntil(Duration.ofSeconds(20), r -> r.size() >= 9);
            assertThat(records).hasSize(9).allSatisfy(r -> {
                assertThat(new String(r.headers().lastHeader(NewsPublisher.MODE_HEADER).value(), StandardCharsets.UTF_8)).isEqualTo("recorded");
                assertThat(ContractJson.fromBytes(r.value(), NewsArticle.class).publisher()).endsWith("(recorded sample)");
            });
            assertThat(records).extracting(ConsumerRecord::key).containsOnly("AAPL", "MSFT", "NVDA");
        }
    }

    @Test
    void replaysRecordedNewsApiSearches() {
        companies.refresh().await().indefinitely();
        assertThat(newsapi.status().mode()).isEqualTo("recorded");
        int published = 0;
        for (int i = 0; i < companies.active().size(); i++) {
            published += newsapi.pollOnce();
        }
        // apple.json (2) and microsoft.json (2); every other company's search is recorded as empty.
        assertThat(published).isEqualTo(4);
    }
}
