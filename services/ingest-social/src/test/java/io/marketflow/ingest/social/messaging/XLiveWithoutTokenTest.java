package io.marketflow.ingest.social.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.marketflow.localstack.LocalStackResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;

/** {@code marketflow.social.x.mode=live} without {@code X_BEARER_TOKEN}: X is off, says so once, and sends nothing. */
@QuarkusTest
@WithTestResource(LocalStackResource.class)
@TestProfile(XLiveWithoutTokenTest.LiveWithoutToken.class)
class XLiveWithoutTokenTest {

    /** Live asked for, no token, manual polling. */
    public static class LiveWithoutToken implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("marketflow.social.schedule", "false", "marketflow.social.general-keywords", "stocks",
                    "marketflow.social.x.mode", "live", "marketflow.social.x.bearer-token", "");
        }
    }

    @Inject
    XPoller x;

    @Test
    void xIsOffWithOneLogLineAndSendsNothing() throws Exception {
        assertThat(x.mode()).isEmpty();
        assertThat(x.pollOnce()).isZero();
        RestAssured.get("/q/health/ready").then()
                .body("checks.find { it.name == 'social-sources' }.data.'x.mode'", equalTo("off"));
        String metrics = RestAssured.get("/q/metrics").asString();
        assertThat(metrics).contains("marketflow_social_mode{mode=\"off\",platform=\"x\"} 1.0");
        // No request was sent, live or recorded: the request counter of X was never created.
        assertThat(metrics).doesNotContain("source=\"x\"");
        // This boot's log (the file is rotated at every boot): the one line saying why.
        String log = Files.readString(Path.of("target/quarkus-test.log"), StandardCharsets.UTF_8);
        assertThat(log.split("\\[XPoller\\] - mode off \\(marketflow.social.x.mode=live but no X_BEARER_TOKEN\\)", -1)).hasSize(2);
    }
}
