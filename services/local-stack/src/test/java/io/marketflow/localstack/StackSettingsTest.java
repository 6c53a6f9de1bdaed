package io.marketflow.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The local profile reads production's variables; the test profile ignores them; addresses survive the trip between JVMs. */
class StackSettingsTest {

    private final ProjectLayout layout = new ProjectLayout(Path.of("/repo"));

    @Test
    void localProfileDefaultsToTheStandardPorts() {
        StackSettings settings = StackSettings.of(Profile.LOCAL, Map.of(), layout);
        assertEquals("localhost:9092", settings.kafka().hostPort());
        assertEquals(9093, settings.kafkaControllerPort());
        assertEquals("http://localhost:9000", settings.s3Endpoint());
        assertEquals("jdbc:postgresql://localhost:5432/marketflow", settings.jdbcUrl());
        assertEquals(Path.of("/repo/.local-stack/local"), settings.dataDir());
    }

    @Test
    void localProfileFollowsTheProductionVariables() {
        StackSettings settings = StackSettings.of(Profile.LOCAL, Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:19092,other:9092",
                "MARKETFLOW_S3_ENDPOINT", "http://127.0.0.1:19000",
                "MARKETFLOW_S3_SECRET_KEY", "s3cret",
                "MARKETFLOW_DB_PORT", "15432"), layout);
        assertEquals(19092, settings.kafka().port());
        assertEquals(19093, settings.kafkaControllerPort());
        assertEquals(19000, settings.s3().port());
        assertEquals("s3cret", settings.s3SecretKey());
        assertEquals(15432, settings.db().port());
    }

    @Test
    void testProfileIgnoresTheProductionVariables() {
        StackSettings settings = StackSettings.of(Profile.TEST, Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", "localhost:9092", "MARKETFLOW_DB_PORT", "5432"), layout);
        assertEquals("127.0.0.1:29092", settings.kafka().hostPort());
        assertEquals(29093, settings.kafkaControllerPort());
        assertEquals(29000, settings.s3().port());
        assertEquals(25432, settings.db().port());
        assertEquals(Path.of("/repo/.local-stack/test"), settings.dataDir());
    }

    @Test
    void addressesSurviveTheTripThroughTheChildOutput() {
        StackAddresses addresses = new LocalStack(StackSettings.of(Profile.TEST, Map.of(), layout), layout, line -> { })
                .addresses(EnumSet.of(ServerKind.KAFKA));
        StackAddresses parsed = StackAddresses.parse(addresses.toLines());
        assertEquals(addresses, parsed);
        assertEquals(11, parsed.quarkusConfig().size());
    }
}
