package io.marketflow.ingest.fundamentals.client;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.marketflow.ingest.fundamentals.config.FundamentalsConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;

/**
 * FMP's stable statements for one ticker: spaces requests ({@link RateLimiter}), counts them against the daily limit
 * ({@link DailyBudget}, in PostgreSQL) before sending, stops at FMP's own limit answer (a 429 or an error body saying
 * "Limit Reach", never retried), backs off with full jitter on 429 (honouring {@code Retry-After}), 5xx and I/O errors, and
 * recognises FMP's error bodies, above all the legacy v3 "Legacy Endpoint" answer, which is never retried.
 */
public final class FmpClient {

    /** Requests sent; tags {@code source} ({@code fmp}), {@code outcome}: the same meter as ingest-market's providers. */
    public static final String REQUESTS = "marketflow.provider.requests";
    /** The tag value of FMP in {@link #REQUESTS}. */
    public static final String SOURCE_TAG = "fmp";

    /** FMP's stable statement endpoints this service reads. */
    public enum Endpoint {
        /** Income statement: revenue, netIncome, eps, … */
        INCOME("income-statement"),
        /** Balance sheet: totalDebt, totalStockholdersEquity, … */
        BALANCE("balance-sheet-statement"),
        /** Cash flow statement: freeCashFlow, … */
        CASHFLOW("cash-flow-statement"),
        /** Key metrics: ratios FMP derives (no filing date of their own). */
        KEY_METRICS("key-metrics");

        private final String path;

        Endpoint(String path) {
            this.path = path;
        }

        /**
         * @return the path segment after {@code /stable/}
         */
        public String path() {
            return path;
        }
    }

    private final FmpRestClient rest;
    private final String apiKey;
    private final FundamentalsConfig.Fmp config;
    private final RateLimiter limiter;
    private final DailyBudget budget;
    private final MeterRegistry registry;
    private final ObjectMapper json = new ObjectMapper();

    /**
     * @param baseUrl FMP's host, or this service's recorded replay
     * @param apiKey the key sent as {@code apikey}
     * @param config FMP settings
     * @param budget the daily request budget
     * @param registry where the request counters go
     */
    public FmpClient(URI baseUrl, String apiKey, FundamentalsConfig.Fmp config, DailyBudget budget, MeterRegistry registry) {
        this.rest = QuarkusRestClientBuilder.newBuilder()
                .baseUri(baseUrl)
                .connectTimeout(5, TimeUnit.SECONDS)
                .readTimeout(30, TimeUnit.SECONDS)
                .property("microprofile.rest.client.disable.default.mapper", true)
                .build(FmpRestClient.class);
        this.apiKey = apiKey;
        this.config = config;
        this.limiter = new RateLimiter(config.requestsPerMinute());
        this.budget = budget;
        this.registry = registry;
    }

    /**
     * @param endpoint the statement
     * @param ticker the symbol
     * @return the statements, newest first (FMP's order), an empty array when FMP has none
     * @throws FmpException when the request failed for good
     */
    public JsonNode fetch(Endpoint endpoint, String ticker) {
        String operation = endpoint.path() + " " + ticker;
        String last = "";
        for (int attempt = 1; attempt <= config.retry().maxAttempts(); attempt++) {
            if (!budget.tryAcquire()) {
                count("daily_limit");
                throw new FmpException(FmpException.Kind.DAILY_LIMIT, "daily limit of " + budget.perDay() + " requests spent");
            }
            acquire();
            Duration wait;
            try (Response response = rest.statement(endpoint.path(), ticker, config.period(), config.limit(), apiKey)) {
                int status = response.getStatus();
                String body = response.hasEntity() ? response.readEntity(String.class) : "";
                if (status == 429 && isLimitReach(body)) {
                    // The day's limit, not a burst: retrying before the reset only spends more of nothing.
                    count("daily_limit");
                    budget.exhaust();
                    throw new FmpException(FmpException.Kind.DAILY_LIMIT, "fmp " + operation + ": HTTP 429 " + head(errorMessage(body)));
                } else if (status == 429) {
                    count("rate_limited");
                    Duration retryAfter = retryAfter(response.getHeaderString("Retry-After"));
                    wait = retryAfter != null ? cap(retryAfter) : backoff(attempt);
                    limiter.pauseFor(wait);
                    last = "HTTP 429";
                } else if (status >= 500) {
                    count("server_error");
                    wait = backoff(attempt);
                    last = "HTTP " + status;
                } else {
                    return answer(operation, status, body);
                }
            } catch (ProcessingException e) {
                count("io_error");
                wait = backoff(attempt);
                last = e.getMessage();
            }
            Log.warnf("[fetch] - fmp %s: attempt %d/%d failed (%s), next in %s", operation, attempt, config.retry().maxAttempts(), last, wait);
            sleep(wait);
        }
        throw new FmpException(FmpException.Kind.UNAVAILABLE, "fmp " + operation + ": gave up after " + config.retry().maxAttempts()
                + " attempts: " + last);
    }

    /**
     * @return when the daily budget is next refilled
     */
    public Instant nextRefill() {
        return budget.nextRefill();
    }

    private JsonNode answer(String operation, int status, String body) {
        JsonNode node;
        try {
            node = json.readTree(body == null || body.isBlank() ? "[]" : body);
        } catch (JsonProcessingException e) {
            count("client_error");
            throw new FmpException(FmpException.Kind.REJECTED, "fmp " + operation + ": HTTP " + status + ", not JSON: " + head(body));
        }
        String error = errorMessage(node);
        if (error.contains("Legacy Endpoint")) {
            count("legacy_endpoint");
            throw new FmpException(FmpException.Kind.LEGACY_ENDPOINT, "fmp " + operation + ": " + head(error));
        }
        if (isLimitReach(error)) {
            count("daily_limit");
            budget.exhaust();
            throw new FmpException(FmpException.Kind.DAILY_LIMIT, "fmp " + operation + ": " + head(error));
        }
        if (status >= 400 || !error.isEmpty() || !node.isArray()) {
            count("client_error");
            throw new FmpException(FmpException.Kind.REJECTED, "fmp " + operation + ": HTTP " + status + " " + head(error.isEmpty() ? body : error));
        }
        count("ok");
        return node;
    }

    /** FMP answers errors as {"Error Message": "..."}, with 200 as well as 4xx statuses. */
    private static String errorMessage(JsonNode node) {
        return node.isObject() ? node.path("Error Message").asText(node.path("message").asText("")) : "";
    }

    private String errorMessage(String body) {
        try {
            return errorMessage(json.readTree(body == null || body.isBlank() ? "{}" : body));
        } catch (JsonProcessingException e) {
            return head(body);
        }
    }

    /** FMP's daily limit answer: "Limit Reach . Please upgrade your plan …", as a 429 or in a 200's error body. */
    private static boolean isLimitReach(String text) {
        return text != null && text.contains("Limit Reach");
    }

    /** Full jitter: uniform in [0, min(max, initial × 2^(attempt-1))], so retrying callers spread out. */
    private Duration backoff(int attempt) {
        long ceiling = Math.min(config.retry().maxBackoff().toMillis(), config.retry().initialBackoff().toMillis() << Math.min(attempt - 1, 20));
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(ceiling + 1));
    }

    private Duration cap(Duration wait) {
        return wait.compareTo(config.retry().maxBackoff()) > 0 ? config.retry().maxBackoff() : wait;
    }

    /** {@code Retry-After} is either delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
    static Duration retryAfter(String value) {
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

    private static String head(String text) {
        return text == null ? "" : text.length() > 300 ? text.substring(0, 300) : text;
    }

    private void acquire() {
        try {
            limiter.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FmpException(FmpException.Kind.UNAVAILABLE, "interrupted while waiting for the rate limiter");
        }
    }

    private static void sleep(Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FmpException(FmpException.Kind.UNAVAILABLE, "interrupted while backing off");
        }
    }

    private void count(String outcome) {
        registry.counter(REQUESTS, "source", SOURCE_TAG, "outcome", outcome).increment();
    }
}
