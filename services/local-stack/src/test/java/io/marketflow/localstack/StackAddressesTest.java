package io.marketflow.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** What `stack start` prints holds no secret value, and a reader with the same environment still gets every address. */
class StackAddressesTest {

    private static final Map<String, String> ENV = Map.of(
            "MARKETFLOW_S3_SECRET_KEY", "s3-secret-7f3a9c21", "MARKETFLOW_DB_PASSWORD", "db-password-4b8e01d6");

    private final StackSettings settings = StackSettings.of(Profile.LOCAL, ENV, new ProjectLayout(Path.of("/repo")));
    private final StackAddresses addresses = new StackAddresses("localhost:9092", "http://localhost:9000", "marketflow",
            settings.s3SecretKey(), "localhost", 5432, "marketflow", "marketflow", settings.dbPassword(),
            EnumSet.of(ServerKind.KAFKA), Map.of(ServerKind.KAFKA, 42L));

    @Test
    void printedLinesHoldNeitherSecretButNameBothVariables() {
        String printed = String.join("\n", addresses.printableLines());

        assertFalse(printed.contains("s3-secret-7f3a9c21"), printed);
        assertFalse(printed.contains("db-password-4b8e01d6"), printed);
        assertTrue(printed.contains("# MARKETFLOW_S3_SECRET_KEY is set"), printed);
        assertTrue(printed.contains("# MARKETFLOW_DB_PASSWORD is set"), printed);
        assertTrue(printed.contains("MARKETFLOW_DB_USER=marketflow"), printed);
        assertTrue(printed.contains("KAFKA_BOOTSTRAP_SERVERS=localhost:9092"), printed);
    }

    @Test
    void printedLinesReadBackWithTheSecretsOfTheSameEnvironmentEqualTheAddresses() {
        StackAddresses read = StackAddresses.parse(addresses.printableLines());

        assertNull(read.s3SecretKey());
        assertNull(read.dbPassword());
        assertEquals(addresses, read.withSecretsOf(settings));
    }

    @Test
    void theLinesPassedWithinOneJvmStillCarryTheSecrets() {
        assertEquals(addresses, StackAddresses.parse(addresses.toLines()));
    }
}
