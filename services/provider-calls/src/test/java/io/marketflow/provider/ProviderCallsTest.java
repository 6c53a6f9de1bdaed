package io.marketflow.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** The retry loop over real JAX-RS responses (no HTTP server: what is tested is the sorting of answers). */
class ProviderCallsTest {

    private static final RetryPolicy QUICK = new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(5));

    private SimpleMeterRegistry registry;
    private ProviderCalls calls;

    @BeforeEach
    void setUp() {
        registry = new SimpleMeterRegistry();
        calls = new ProviderCalls("test", 60_000, QUICK, registry);
    }

    @Test
    void retries429And5xxAndIoErrorsUntilAnAnswer() {
        Deque<Supplier<String>> answers = new ArrayDeque<>();
        answers.add(() -> {
            throw new WebApplicationException(StubResponse.of(429).header("Retry-After", "0"));
        });
        answers.add(() -> {
            throw new WebApplicationException(StubResponse.of(503));
        });
        answers.add(() -> "ok");
        assertThat(calls.call("bars", () -> answers.poll().get())).isEqualTo("ok");
        assertThat(count("rate_limited")).isEqualTo(1);
        assertThat(count("server_error")).isEqualTo(1);
        assertThat(count("ok")).isEqualTo(1);

        AtomicInteger tries = new AtomicInteger();
        assertThat(calls.call("bars", () -> {
            if (tries.incrementAndGet() == 1) {
                throw new ProcessingException("connection reset");
            }
            return "again";
        })).isEqualTo("again");
        assertThat(count("io_error")).isEqualTo(1);
    }

    @Test
    void aClientErrorIsRefusedAtOnceWithItsStatusAndBody() {
        AtomicInteger tries = new AtomicInteger();
        assertThatThrownBy(() -> calls.call("bars", () -> {
            tries.incrementAndGet();
            throw new WebApplicationException(StubResponse.of(422, "invalid symbol"));
        })).isInstanceOfSatisfying(ProviderException.class, e -> {
            assertThat(e.status()).isEqualTo(422);
            assertThat(e.getMessage()).contains("test bars: HTTP 422").contains("invalid symbol");
        });
        assertThat(tries).hasValue(1);
        assertThat(count("client_error")).isEqualTo(1);
    }

    @Test
    void givesUpAfterMaxAttemptsNamingTheLastProblem() {
        AtomicInteger tries = new AtomicInteger();
        assertThatThrownBy(() -> calls.call("bars", () -> {
            tries.incrementAndGet();
            throw new RateLimitedException("Information: 25 requests per day", null);
        })).isInstanceOf(ProviderException.class).hasMessageContaining("gave up after 3 attempts").hasMessageContaining("25 requests");
        assertThat(tries).hasValue(3);
    }

    @Test
    @Timeout(10) // a Retry-After of an hour that was not capped would hold the second caller for that hour
    void aRetryAfterPausesEveryoneSharingTheProviderCappedAtMaxBackoff() throws InterruptedException {
        ProviderCalls patient = new ProviderCalls("test", 60_000, new RetryPolicy(1, Duration.ofMillis(1), Duration.ofMillis(200)), registry);
        assertThatThrownBy(() -> patient.call("bars", () -> {
            throw new WebApplicationException(StubResponse.of(429).header("Retry-After", "3600"));
        })).hasMessageContaining("gave up after 1 attempts");
        // The one attempt slept nobody; the pause is held by the limiter, so the next caller (any thread) waits it out.
        long before = System.nanoTime();
        patient.limiter().acquire();
        assertThat(Duration.ofNanos(System.nanoTime() - before)).isGreaterThanOrEqualTo(Duration.ofMillis(150));
    }

    @Test
    void readsResponsesAndRetriesBodiesItCannotRead() {
        Deque<Response> answers = new ArrayDeque<>();
        answers.add(StubResponse.of(200, "<html>proxy error</html>"));
        answers.add(StubResponse.of(500, "oops"));
        answers.add(StubResponse.of(200, "42"));
        assertThat(calls.call("news", answers::poll, ProviderCallsTest::number, true)).isEqualTo(42);
        assertThat(count("not_json")).isEqualTo(1);
        assertThat(count("server_error")).isEqualTo(1);
    }

    @Test
    void aLong429IsTheCallersWhenRateLimitsAreNotRetried() {
        AtomicInteger tries = new AtomicInteger();
        assertThatThrownBy(() -> calls.call("search", () -> {
            tries.incrementAndGet();
            return StubResponse.of(429, "rateLimited").header("Retry-After", "900");
        }, ProviderCallsTest::number, false)).isInstanceOfSatisfying(RateLimitedException.class, e -> {
            assertThat(e.retryAfter()).isEqualTo(Duration.ofMinutes(15));
            assertThat(e.status()).isEqualTo(429);
            assertThat(e.body()).isEqualTo("rateLimited");
        });
        assertThat(tries).hasValue(1);
        assertThatThrownBy(() -> calls.call("search", () -> StubResponse.of(401, "bad key"), ProviderCallsTest::number, true))
                .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.body()).isEqualTo("bad key"));
    }

    @Test
    void aProvidersCheckEndsTheCallAtOnceAndLetsOtherAnswersThroughTheGenericRules() {
        ProviderCalls.AnswerCheck dailyLimit = (status, body) -> {
            if (body.contains("Limit Reach")) {
                throw new IllegalStateException("daily limit: " + status);
            }
        };
        AtomicInteger tries = new AtomicInteger();
        assertThatThrownBy(() -> calls.call("statement", () -> {
            tries.incrementAndGet();
            return StubResponse.of(429, "{\"Error Message\":\"Limit Reach . Please upgrade your plan\"}").header("Retry-After", "0");
        }, dailyLimit, ProviderCallsTest::number, true)).isInstanceOf(IllegalStateException.class).hasMessage("daily limit: 429");
        assertThat(tries).hasValue(1);
        assertThat(count("rate_limited")).isZero();

        // A 200 saying the same is the check's too: the reader never sees it.
        assertThatThrownBy(() -> calls.call("statement", () -> StubResponse.of(200, "Limit Reach"), dailyLimit, ProviderCallsTest::number, true))
                .isInstanceOf(IllegalStateException.class).hasMessage("daily limit: 200");

        // Anything the check lets through follows the generic rules: a plain 429 waits and is retried, a 2xx is read.
        Deque<Response> answers = new ArrayDeque<>();
        answers.add(StubResponse.of(429, "slow down").header("Retry-After", "0"));
        answers.add(StubResponse.of(200, "7"));
        assertThat(calls.call("statement", answers::poll, dailyLimit, ProviderCallsTest::number, true)).isEqualTo(7);
        assertThat(count("rate_limited")).isEqualTo(1);
        assertThat(count("ok")).isEqualTo(1);
    }

    @Test
    void whatTheRequestItselfThrowsEndsTheCallUnretried() {
        AtomicInteger tries = new AtomicInteger();
        assertThatThrownBy(() -> calls.call("statement", () -> {
            tries.incrementAndGet();
            // e.g. the day's request budget, reserved just before the request is sent
            throw new IllegalStateException("budget spent");
        }, ProviderCalls.AnswerCheck.NONE, ProviderCallsTest::number, true)).isInstanceOf(IllegalStateException.class);
        assertThat(tries).hasValue(1);
        assertThat(registry.find(ProviderCalls.REQUESTS).counters()).isEmpty();
    }

    private static Integer number(String body) throws IOException {
        try {
            return Integer.valueOf(body.trim());
        } catch (NumberFormatException e) {
            throw new IOException("not a number", e);
        }
    }

    private double count(String outcome) {
        return registry.counter(ProviderCalls.REQUESTS, "source", "test", "outcome", outcome).count();
    }
}
