package io.marketflow.query.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.marketflow.localstack.LocalStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** With {@code marketflow.query.api-token} set, /api needs the bearer token; health and OpenAPI stay open. */
@QuarkusTest
@TestProfile(ApiTokenTest.WithToken.class)
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
class ApiTokenTest {

    static final String TOKEN = LakeTestProfile.perJvm("query-api.test.token", "test-token-" + LakeFixture.token());

    /** The token as production sets it from a Secret (MARKETFLOW_QUERY_API_TOKEN). */
    public static class WithToken implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("marketflow.query.api-token", TOKEN, "marketflow.query.lake.cache-dir", LakeTestProfile.CACHE.toString());
        }
    }

    @Test
    void apiNeedsTheBearerToken() {
        String url = "/api/policy?from=2025-03-01&to=2025-03-02";
        given().get(url).then().statusCode(401).body("error", equalTo("unauthorized")).header("WWW-Authenticate", "Bearer");
        given().header("Authorization", "Bearer wrong").get(url).then().statusCode(401);
        given().header("Authorization", "Basic " + TOKEN).get(url).then().statusCode(401);
        given().header("Authorization", "Bearer " + TOKEN).get(url).then().statusCode(200);
        // A bad parameter behind the token is still a 400, not a 401 or a 500.
        given().header("Authorization", "Bearer " + TOKEN).get("/api/bars/bad").then().statusCode(400);
    }

    @Test
    void healthAndOpenApiStayOpen() {
        given().get("/q/openapi").then().statusCode(200);
        given().get("/q/health/live").then().statusCode(200);
    }
}
