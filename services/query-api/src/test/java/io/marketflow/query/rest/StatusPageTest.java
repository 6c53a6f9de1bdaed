package io.marketflow.query.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import org.junit.jupiter.api.Test;

import io.marketflow.localstack.LocalStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The status page's files are served at {@code /} without a token while the token still guards every {@code /api}
 * path the page polls, however the path is spelled. The page's behaviour in a browser is checked by .ci/status-page.
 */
@QuarkusTest
@TestProfile(ApiTokenTest.WithToken.class)
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
class StatusPageTest {

    @Test
    void servesThePageWithoutAToken() {
        for (String path : new String[] {"/", "/index.html"}) {
            given().get(path).then().statusCode(200).contentType(startsWith("text/html"))
                    .body(containsString("<script src=\"status.js\""), containsString("data-testid=\"sources\""));
        }
        given().get("/status.js").then().statusCode(200).contentType(containsString("javascript"))
                .body(containsString("api/summary/history"));
        given().get("/status.css").then().statusCode(200).contentType(startsWith("text/css"));
    }

    @Test
    void pageRefersToNothingOutsideTheApi() {
        // No CDN, no font service: the page must work on a closed network.
        String html = given().get("/").then().statusCode(200).extract().asString();
        String script = given().get("/status.js").then().statusCode(200).extract().asString();
        for (String text : new String[] {html, script}) {
            assertThat(text).doesNotContain("//cdn", "https://", "http://localhost");
        }
    }

    @Test
    void theApiItPollsStillNeedsTheToken() {
        for (String path : new String[] {"/api/summary", "/api/summary/history", "//api/summary", "/api//summary",
                "/./api/summary", "/index.html/../api/summary", "/api/summary/", "/%61pi/summary"}) {
            given().urlEncodingEnabled(false).get(path).then().statusCode(401).body(not(containsString("\"topics\"")));
        }
        given().header("Authorization", "Bearer " + ApiTokenTest.TOKEN).get("/api/summary/history").then().statusCode(200)
                .body(containsString("\"series\""));
    }
}
