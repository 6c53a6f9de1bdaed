package io.marketflow.ingest.macro.client;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import io.marketflow.ingest.macro.config.MacroConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;

/**
 * Runs one provider's requests through its shared {@link RateLimiter}, honouring {@code Retry-After} and backing off
 * with full jitter on 429, 5xx and I/O errors; anything else is the caller's {@link ProviderException}.
 */
public final class ProviderCalls {

    /** Requests sent; tags {@code source}, {@code outcome} (ok, rate_limited, server_error, io_error, client_error). */
    public static final String REQUESTS = "marketflow.provider.requests";

    private final String source;
    private final RateLimiter limiter;
    private final MacroConfig.Retry retry;
    private final MeterRegistry registry;

    /**
     * @param source the provider's name (a metric tag)
     * @param requestsPerMinute the provider's budget
     * @param retry the provider's backoff settings
     * @param registry where the request counters go
     */
    public ProviderCalls(String source, int requestsPerMinute, MacroConfig.Retry retry, MeterRegistry registry) {
        this.source = source;
        this.limiter = new RateLimiter(requestsPerMinute);
        this.retry = retry;
        this.registry = registry;
    }

    /**
     * @param operation what the request does, for logs (never a URL: some providers put the key in it)
     * @param request the request
     * @param <T> the answer
     * @return the answer
     * @throws ProviderException when the provider refuses the request or retries ran out
     */
    public <T> T call(String operation, Supplier<T> request) {
        RuntimeException last = null;
        for (int attempt = 1; attempt <= retry.maxAttempts(); attempt++) {
            acquire();
            Duration wait;
            try {
                T answer = request.get();
                count("ok");
                return answer;
            } catch (RateLimitedException e) {
                count("rate_limited");
                wait = e.retryAfter() != null ? cap(e.retryAfter()) : backoff(attempt);
                // Everyone sharing this provider waits, not just this caller: the budget is the provider's.
                limiter.pauseFor(wait);
                last = e;
            } catch (WebApplicationException e) {
                int status = e.getResponse().getStatus();
                if (status == 429) {
                    count("rate_limited");
                    Duration retryAfter = retryAfter(e.getResponse());
                    wait = retryAfter != null ? cap(retryAfter) : backoff(attempt);
                    limiter.pauseFor(wait);
                } else if (status >= 500) {
                    count("server_error");
                    wait = backoff(attempt);
                } else {
                    count("client_error");
                    throw new ProviderException(source + " " + operation + ": HTTP " + status + " " + body(e.getResponse()), status);
                }
                last = e;
            } catch (ProcessingException e) {
                count("io_error");
                wait = backoff(attempt);
                last = e;
            }
            Log.warnf("[call] - %s %s: attempt %d/%d failed (%s), next in %s", source, operation, attempt, retry.maxAttempts(),
                    last.getMessage(), wait);
            sleep(wait);
        }
        throw new ProviderException(source + " " + operation + ": gave up after " + retry.maxAttempts() + " attempts: "
                + (last == null ? "" : last.getMessage()), 0);
    }

    /**
     * @return the shared limiter, for tests and benchmarks
     */
    public RateLimiter limiter() {
        return limiter;
    }

    /** Full jitter: uniform in [0, min(max, initial × 2^(attempt-1))], so retrying callers spread out. */
    private Duration backoff(int attempt) {
        long ceiling = Math.min(retry.maxBackoff().toMillis(), retry.initialBackoff().toMillis() << Math.min(attempt - 1, 20));
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(ceiling + 1));
    }

    private Duration cap(Duration wait) {
        return wait.compareTo(retry.maxBackoff()) > 0 ? retry.maxBackoff() : wait;
    }

    /** {@code Retry-After} is either delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
    static Duration retryAfter(Response response) {
        String value = response.getHeaderString("Retry-After");
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Long.parseLong(value.trim()));
        } catch (NumberFormatException notSeconds) {
            try {
                Duration until = Duration.between(ZonedDateTime.now(), ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME));
                return until.isNegative() ? Duration.ZERO : until;
            } catch (DateTimeParseException notDate) {
                return null;
            }
        }
    }

    private static String body(Response response) {
        try {
            String body = response.readEntity(String.class);
            return body == null ? "" : body.length() > 300 ? body.substring(0, 300) : body;
        } catch (RuntimeException e) {
            return "";
        }
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
}
