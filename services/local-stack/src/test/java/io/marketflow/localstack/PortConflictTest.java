package io.marketflow.localstack;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A port held by something that is not the expected server must fail the start with the port and the variable to change. */
class PortConflictTest {

    @Test
    void portTakenByAnotherProcessFailsNamingThePortAndItsVariable(@TempDir Path dataDir) throws IOException {
        try (ServerSocket squatter = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int port = squatter.getLocalPort();
            ProjectLayout layout = ProjectLayout.fromWorkingDirectory();
            StackSettings settings = StackSettings.of(Profile.TEST,
                    Map.of(StackSettings.TEST_S3_PORT, String.valueOf(port)), layout).withDataDir(dataDir);

            IllegalStateException failure = assertThrows(IllegalStateException.class,
                    () -> new LocalStack(settings, layout, line -> { }).start());

            assertTrue(failure.getMessage().contains("Port " + port + " (s3) is taken"), failure.getMessage());
            assertTrue(failure.getMessage().contains(StackSettings.TEST_S3_PORT), failure.getMessage());
        }
    }
}
