package io.marketflow.ingest.market.messaging;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.marketflow.localstack.LocalStackResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(LocalStackResource.class)
class ObservabilityTest {

    @Test
    void reportsRecordsProducedAndSendLatencyPerTopic() {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/q/metrics").then()
                .statusCode(200)
                .body(containsString("marketflow_records_produced_total{topic=\"stock_trades\"}"))
                .body(containsString("marketflow_send_latency_seconds_count{topic=\"stock_trades\"}"))
                .body(containsString("marketflow_send_errors_total{topic=\"stock_trades\"} 0.0")));
    }

    @Test
    void isReadyOnceTheRegistryAndKafkaAnswer() {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/q/health/ready").then()
                .statusCode(200)
                .body("status", is("UP"))
                .body(containsString("registry")));
    }
}
