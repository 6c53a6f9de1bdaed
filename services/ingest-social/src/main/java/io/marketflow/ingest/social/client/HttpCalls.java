package io.marketflow.ingest.social.client;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.marketflow.ingest.social.config.SocialConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;

/**
 * Runs one provider's requests through its {@link RateLimiter} and returns the parsed JSON body: 429 (honouring
 * {@code Retry-After} or {@code x-rate-limit-reset}), 5xx, I/O errors and bodies that are not JSON are retried with
 * full-jitter backoff; any other status is the caller's {@link ProviderException}.
 */
public final class HttpCalls {

    /** Requests sent; tags {@code source}, {@code outcome} (ok, rate_limited, server_error, io_error, not_json, client_error). */
    public static final String REQUESTS = "marketflow.provider.requests";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String source;
    private final RateLimiter limiter;
    private final SocialConfig.Retry retry;
    private final MeterRegistry registry;
    private final boolean retryRateLimits;

    /**
     * @param source the provider (a metric tag)
     * @param requestsPerMinute its budget
     * @param retry its backoff settings
     * @param registry where request counters go
     * @param retryRateLimits false for an API whose 429 window is long (X: 15 minutes): the caller pauses until the reset
     */
    public HttpCalls(String source, int requestsPerMinute, SocialConfig.Retry retry, MeterRegistry registry, boolean retryRateLimits) {
        this.source = source;
        this.retryRateLimits = retryRateLimits;
        this.limiter = new RateLimiter(requestsPerMinute);
        this.retry = retry;
        this.registry = registry;
    }

    /**
     * @param operation what the request does, for logs (never a URL, never a header: tokens travel in headers)
     * @param request sends the request; the REST client's default exception mapper is off, so every status arrives here
     * @return the body as JSON
     * @throws ProviderException when the provider refuses the request or retries ran out
     */
    public JsonNode call(String operation, Supplier<Response> request) {
        String lastProblem = "";
        for (int attempt = 1; attempt <= retry.maxAttempts(); attempt++) {
            acquire();
            Duration wait;
            try (Response response = request.get()) {
                int status = response.getStatus();
                String body = response.hasEntity() ? response.readEntity(String.class) : "";
                if (status >= 200 && status < 300) {
                    try {
                        JsonNode json = JSON.readTree(body);
                        if (json == null || json.isMissingNode()) {
                            throw new JsonProcessingException("empty body") {
                            };
                        }
                        count("ok");
                        return json;
                    } catch (JsonProcessingException e) {
                        count("not_json");
                        lastProblem = "HTTP " + status + " with a body that is not JSON";
                        wait = backoff(attempt);
                    }
                } else if (status == 429) {
                    count("rate_limited");
                    Duration after = retryAfter(response);
                    if (!retryRateLimits) {
                        throw new RateLimitedException(source + " " + operation + ": HTTP 429", start(body), after);
                    }
                    wait = after != null ? cap(after) : backoff(attempt);
                    // Everyone sharing this provider waits: the budget is the provider's.
                    limiter.pauseFor(wait);
                    lastProblem = "HTTP 429 " + start(body);
                } else if (status >= 500) {
                    count("server_error");
                    wait = backoff(attempt);
                    lastProblem = "HTTP " + status;
                } else {
                    count("client_error");
                    throw new ProviderException(source + " " + operation + ": HTTP " + status, status, start(body));
                }
            } catch (ProcessingException e) {
                count("io_error");
                wait = backoff(attempt);
                lastProblem = e.getClass().getSimpleName() + ": " + e.getMessage();
            }
            if (attempt == retry.maxAttempts()) {
                break;
            }
            Log.warnf("[call] - %s %s: attempt %d/%d failed (%s), next in %s", source, operation, attempt, retry.maxAttempts(),
                    lastProblem, wait);
            sleep(wait);
        }
        throw new ProviderException(source + " " + operation + ": gave up after " + retry.maxAttempts() + " attempts: " + lastProblem,
                0, "");
    }

    /** @return the shared limiter */
    public RateLimiter limiter() {
        return limiter;
    }

    private Duration backoff(int attempt) {
        long ceiling = Math.min(retry.maxBackoff().toMillis(), retry.initialBackoff().toMillis() << Math.min(attempt - 1, 20));
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(ceiling + 1));
    }

    private Duration cap(Duration wait) {
        return wait.compareTo(retry.maxBackoff()) > 0 ? retry.maxBackoff() : wait;
    }

    /**
     * {@code Retry-After} (delta-seconds or an HTTP date, RFC 9110 §10.2.3), else X's {@code x-rate-limit-reset}
     * (epoch seconds), else Bluesky's {@code ratelimit-reset} (epoch seconds).
     */
    static Duration retryAfter(Response response) {
        String value = response.getHeaderString("Retry-After");
        if (value != null && !value.isBlank()) {
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
        String reset = response.getHeaderString("x-rate-limit-reset");
        if (reset == null || reset.isBlank()) {
            reset = response.getHeaderString("ratelimit-reset");
        }
        if (reset != null && !reset.isBlank()) {
            try {
                Duration until = Duration.between(Instant.now(), Instant.ofEpochSecond(Long.parseLong(reset.trim())));
                return until.isNegative() ? Duration.ZERO : until;
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    private static String start(String body) {
        return body == null ? "" : body.length() > 300 ? body.substring(0, 300) : body;
    }

    private void acquire() {
        try {
            limiter.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException(source + ": interrupted while waiting for the rate limiter", 0, "");
        }
    }

    private static void sleep(Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException("interrupted while backing off", 0, "");
        }
    }

    private void count(String outcome) {
        registry.counter(REQUESTS, "source", source, "outcome", outcome).increment();
    }
}
