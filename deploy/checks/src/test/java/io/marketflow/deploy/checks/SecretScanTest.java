package io.marketflow.deploy.checks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * Runs .ci/secret-scan-test, the fixture test of .ci/secret-scan (the "never logged" check run on a local run's logs),
 * so that the scan is tested in the Maven build too and a change that breaks it fails here.
 */
class SecretScanTest {

    @Test
    void theSecretScanPassesItsFixtureCases() throws IOException, InterruptedException {
        Process process = new ProcessBuilder("bash", Repo.ROOT.resolve(".ci/secret-scan-test").toString())
                .directory(Repo.ROOT.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("secret-scan-test finished").isTrue();
        assertThat(process.exitValue()).as("secret-scan-test:\n%s", output).isZero();
        assertThat(output).contains("ok   a leaked value fails", "ok   values are literal, not patterns", "all cases passed");
    }
}
