package io.marketflow.query.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.marketflow.localstack.LocalStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/** S3 unreachable (a local port nobody listens on) while PostgreSQL is up: lake queries are 503, never 500. */
@QuarkusTest
@TestProfile(S3OutageTest.NoS3.class)
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
class S3OutageTest {

    /** The S3 endpoint moved to a closed port; everything else is the test stack. */
    public static class NoS3 implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try (ServerSocket probe = new ServerSocket(0)) {
                // Closed again at once: connections to it are refused, as with S3 down.
                // quarkus.s3.endpoint-override, not marketflow.s3.endpoint: the stack resource sets that one and wins.
                return Map.of("quarkus.s3.endpoint-override", "http://127.0.0.1:" + probe.getLocalPort(),
                        "marketflow.query.lake.cache-dir", LakeTestProfile.CACHE.toString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Test
    void lakeQueriesAre503AndReadinessSaysWhy() throws IOException {
        LakeFixture.postgres(java.nio.file.Files.readString(java.nio.file.Path.of("..", "registry", "src", "main", "resources", "db", "migration", "V5__aggregated_data.sql")));
        given().get("/api/bars/AAPL?from=2025-03-03&to=2025-03-04").then().statusCode(503).body("error", equalTo("unavailable"));
        given().get("/api/news/AAPL?from=2025-03-03&to=2025-03-04&format=csv").then().statusCode(503);
        // Validation still comes first, and PostgreSQL's endpoint does not depend on S3.
        given().get("/api/bars/aapl?from=2025-03-03&to=2025-03-04").then().statusCode(400);
        given().get("/api/features/AAPL?from=2025-03-03&to=2025-03-04").then().statusCode(200);

        JsonPath ready = given().get("/q/health/ready").then().statusCode(503).extract().jsonPath();
        assertThat(ready.getList("checks.findAll { it.name == 'query-api lake' }.status", String.class)).containsExactly("DOWN");
        assertThat(ready.getList("checks.findAll { it.name == 'query-api database' }.status", String.class)).containsExactly("UP");
    }
}
