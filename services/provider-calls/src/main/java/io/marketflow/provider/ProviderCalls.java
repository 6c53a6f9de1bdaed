package io.marketflow.provider;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Runs one provider's requests through its shared {@link RateLimiter}: 429 (honouring {@code Retry-After}), 5xx, I/O
 * errors and unreadable bodies are retried with full-jitter backoff up to the {@link RetryPolicy}; any other status is
 * the caller's {@link ProviderException}, and a provider's own {@link AnswerCheck} may end a call before these rules.
 */
public final class ProviderCalls {

    /** Requests sent; tags {@code source}, {@code outcome} (ok, rate_limited, server_error, io_error, not_json, client_error). */
    public static final String REQUESTS = "marketflow.provider.requests";

    // Message IDs (MFPC) as in the shared libraries of SmallRye: a log search finds this line whichever service wrote it.
    private static final Logger LOG = Logger.getLogger(ProviderCalls.class);
    private static final int BODY_START = 300;

    /**
     * Reads a 2xx body.
     *
     * @param <T> what the body becomes
     */
    @FunctionalInterface
    public interface BodyReader<T> {

        /**
         * @param body the whole body, "" when there was none
         * @return what the body says
         * @throws IOException when the body is unreadable (truncated, an HTML error page): the request is retried
         */
        T read(String body) throws IOException;
    }

    /**
     * Looks at every answer before the generic rules, for a provider whose bodies mean more than their status: FMP's
     * daily "Limit Reach" is a 429 that no wait of minutes fixes, its "Legacy Endpoint" a 403 of its own kind.
     */
    @FunctionalInterface
    public interface AnswerCheck {

        /** Leaves every answer to the generic rules. */
        AnswerCheck NONE = (status, body) -> {
        };

        /**
         * @param status the HTTP status
         * @param body the whole body, "" when there was none
         * @throws RuntimeException to end the request at once with it: not retried, and not counted here (the check
         *         counts its own outcomes under {@link #REQUESTS})
         */
        void check(int status, String body);
    }

    private final String source;
    private final RateLimiter limiter;
    private final RetryPolicy policy;
    private final MeterRegistry registry;

    /**
     * @param source the provider's name (a metric tag)
     * @param requestsPerMinute the provider's budget
     * @param policy the provider's retries and backoff
     * @param registry where the request counters go
     */
    public ProviderCalls(String source, int requestsPerMinute, RetryPolicy policy, MeterRegistry registry) {
        this.source = source;
        this.limiter = new RateLimiter(requestsPerMinute);
        this.policy = policy;
        this.registry = registry;
    }

    /**
     * For REST clients whose default exception mapper is on: a status arrives as a {@link WebApplicationException}, a
     * provider's own "too many requests" as a {@link RateLimitedException} thrown by the request.
     *
     * @param operation what the request does, for logs (never a URL: some providers put the key in it)
     * @param request the request
     * @param <T> the answer
     * @return the answer
     * @throws ProviderException when the provider refuses the request or retries ran out
     */
    public <T> T call(String operation, Supplier<T> request) {
        return retrying(operation, () -> {
            try {
                return request.get();
            } catch (RateLimitedException e) {
                throw new Retryable("rate_limited", e.getMessage(), e.body(), e.retryAfter(), true);
            } catch (WebApplicationException e) {
                Response response = e.getResponse();
                return failed(operation, response.getStatus(), body(response), response);
            } catch (ProcessingException e) {
                throw new Retryable("io_error", e.getMessage(), "", null, false);
            }
        });
    }

    /**
     * For REST clients whose default exception mapper is off, so that every status arrives as a {@link Response}.
     *
     * @param operation what the request does, for logs (never a URL, never a header: keys and tokens travel there)
     * @param request sends the request
     * @param reader reads a 2xx body
     * @param retryRateLimits false for an API whose 429 means a long wait (NewsAPI: hours, X: 15 minutes): the 429 is then
     *        thrown at once as a {@link RateLimitedException} and the caller decides
     * @param <T> what the body becomes
     * @return the body read
     * @throws ProviderException when the provider refuses the request or retries ran out
     */
    public <T> T call(String operation, Supplier<Response> request, BodyReader<T> reader, boolean retryRateLimits) {
        return call(operation, request, AnswerCheck.NONE, reader, retryRateLimits);
    }

    /**
     * As {@link #call(String, Supplier, BodyReader, boolean)}, with a provider's own look at each answer first.
     *
     * @param operation what the request does, for logs (never a URL, never a header: keys and tokens travel there)
     * @param request sends the request; what it throws (other than an I/O error) ends the call, e.g. a spent daily budget
     * @param check sees every answer's status and body before the generic rules and may end the call by throwing
     * @param reader reads a 2xx body the check let through
     * @param retryRateLimits false for an API whose 429 means a long wait: the 429 is then thrown at once as a
     *        {@link RateLimitedException} and the caller decides
     * @param <T> what the body becomes
     * @return the body read
     * @throws ProviderException when the provider refuses the request or retries ran out
     */
    public <T> T call(String operation, Supplier<Response> request, AnswerCheck check, BodyReader<T> reader, boolean retryRateLimits) {
        return retrying(operation, () -> {
            try (Response response = request.get()) {
                int status = response.getStatus();
                String body = response.hasEntity() ? response.readEntity(String.class) : "";
                check.check(status, body);
                if (status >= 200 && status < 300) {
                    try {
                        return reader.read(body);
                    } catch (IOException e) {
                        throw new Retryable("not_json", "HTTP " + status + " with a body that cannot be read: " + e.getMessage(),
                                start(body), null, false);
                    }
                }
                if (status == 429 && !retryRateLimits) {
                    count("rate_limited");
                    throw new RateLimitedException(source + " " + operation + ": HTTP 429", start(body), RetryAfter.of(response, Instant.now()));
                }
                return failed(operation, status, start(body), response);
            } catch (ProcessingException e) {
                throw new Retryable("io_error", e.getClass().getSimpleName() + ": " + e.getMessage(), "", null, false);
            }
        });
    }

    /**
     * @return the shared limiter, for tests and benchmarks
     */
    public RateLimiter limiter() {
        return limiter;
    }

    /** Sorts a non-2xx answer: retried (429, 5xx) or refused (any other status). */
    private <T> T failed(String operation, int status, String body, Response response) {
        if (status == 429) {
            throw new Retryable("rate_limited", "HTTP 429 " + body, body, RetryAfter.of(response, Instant.now()), true);
        }
        if (status >= 500) {
            throw new Retryable("server_error", "HTTP " + status + " " + body, body, null, false);
        }
        count("client_error");
        throw new ProviderException(source + " " + operation + ": HTTP " + status + " " + body, status, body);
    }

    private <T> T retrying(String operation, Supplier<T> attempt) {
        for (int n = 1;; n++) {
            acquire();
            Retryable failure;
            try {
                T answer = attempt.get();
                count("ok");
                return answer;
            } catch (Retryable e) {
                failure = e;
            }
            count(failure.outcome);
            Duration wait = failure.retryAfter != null ? policy.cap(failure.retryAfter)
                    : policy.backoff().delay(n, ThreadLocalRandom.current().nextDouble());
            if (failure.pausesEveryone) {
                // Everyone sharing this provider waits, not just this caller: the budget is the provider's.
                limiter.pauseFor(wait);
            }
            if (n >= policy.maxAttempts()) {
                throw new ProviderException(source + " " + operation + ": gave up after " + n + " attempts: " + failure.getMessage(), 0,
                        failure.body);
            }
            LOG.warnf("MFPC0001: %s %s: attempt %d/%d failed (%s), next in %s", source, operation, n, policy.maxAttempts(),
                    failure.getMessage(), wait);
            sleep(wait);
        }
    }

    private static String body(Response response) {
        try {
            return start(response.readEntity(String.class));
        } catch (RuntimeException e) {
            return "";
        }
    }

    private static String start(String body) {
        return body == null ? "" : body.length() > BODY_START ? body.substring(0, BODY_START) : body;
    }

    private void acquire() {
        try {
            limiter.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException(source + ": interrupted while waiting for the rate limiter", 0);
        }
    }

    private static void sleep(Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException("interrupted while backing off", 0);
        }
    }

    private void count(String outcome) {
        registry.counter(REQUESTS, "source", source, "outcome", outcome).increment();
    }

    /** One attempt failed in a way another attempt may fix. */
    private static final class Retryable extends RuntimeException {

        private final String outcome;
        private final String body;
        private final transient Duration retryAfter;
        private final boolean pausesEveryone;

        Retryable(String outcome, String problem, String body, Duration retryAfter, boolean pausesEveryone) {
            // No stack trace: this is control flow inside the retry loop and never leaves it.
            super(problem, null, false, false);
            this.outcome = outcome;
            this.body = body;
            this.retryAfter = retryAfter;
            this.pausesEveryone = pausesEveryone;
        }
    }
}
