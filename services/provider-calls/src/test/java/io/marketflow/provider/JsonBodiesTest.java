package io.marketflow.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

import jakarta.ws.rs.core.Response;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** The JSON reader alone and inside the retry loop: what it cannot read is a retried "not_json". */
class JsonBodiesTest {

    @Test
    void readsAJsonBodyAsATree() throws IOException {
        assertThat(JsonBodies.TREE.read("{\"posts\":[1,2]}").path("posts").size()).isEqualTo(2);
        assertThat(JsonBodies.TREE.read("[]").isArray()).isTrue();
    }

    @Test
    void anEmptyOrHtmlBodyIsUnreadable() {
        assertThatThrownBy(() -> JsonBodies.TREE.read("")).isInstanceOf(IOException.class).hasMessage("empty body");
        assertThatThrownBy(() -> JsonBodies.TREE.read("<html>bad gateway</html>")).isInstanceOf(IOException.class);
    }

    @Test
    void anUnreadableBodyIsRetriedUntilAJsonOne() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ProviderCalls calls = new ProviderCalls("test", 60_000, new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(5)), registry);
        Deque<Response> answers = new ArrayDeque<>();
        answers.add(StubResponse.of(200, ""));
        answers.add(StubResponse.of(200, "<html>proxy error</html>"));
        answers.add(StubResponse.of(200, "{\"status\":\"ok\"}"));
        JsonNode body = calls.call("everything", answers::poll, JsonBodies.TREE, true);
        assertThat(body.path("status").asText()).isEqualTo("ok");
        assertThat(registry.counter(ProviderCalls.REQUESTS, "source", "test", "outcome", "not_json").count()).isEqualTo(2);
    }
}
