package io.marketflow.ingest.fundamentals.client;

import java.net.URI;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.marketflow.ingest.fundamentals.config.FundamentalsConfig;
import io.marketflow.provider.ProviderCalls;
import io.marketflow.provider.ProviderException;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;

/**
 * FMP's stable statements for one ticker, through the shared {@link ProviderCalls} (even spacing, full-jitter backoff on
 * 429 honouring {@code Retry-After}, 5xx and I/O errors): each attempt is counted against the daily limit
 * ({@link DailyBudget}, in PostgreSQL) just before it is sent, FMP's own limit answer (a 429 or an error body saying
 * "Limit Reach") ends the day at once, unretried, and FMP's error bodies are sorted by kind, above all the legacy v3
 * "Legacy Endpoint" answer, which is never retried.
 */
public final class FmpClient {

    /** Requests sent; tags {@code source} ({@code fmp}), {@code outcome}: the meter every provider client shares. */
    public static final String REQUESTS = ProviderCalls.REQUESTS;
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
    private final ProviderCalls calls;
    private final DailyBudget budget;
    private final MeterRegistry registry;
    private final ObjectMapper json = new ObjectMapper();

    /**
     * @param baseUrl FMP's host, or this service's recorded replay
     * @param apiKey the key sent as {@code apikey}
     * @param config FMP settings
     * @param budget the daily request budget
     * @param registry where the request counters go
     * @throws IllegalArgumentException when the retry settings are not 0 < initial-backoff <= max-backoff
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
        this.calls = new ProviderCalls(SOURCE_TAG, config.requestsPerMinute(), config.retry().policy(), registry);
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
        try {
            return calls.call(operation, () -> send(endpoint, ticker), (status, body) -> check(operation, status, body),
                    body -> answer(operation, 200, body), true);
        } catch (FmpException e) {
            throw e;
        } catch (ProviderException e) {
            // Status 0: retries ran out (or the wait was interrupted); any other: a refusal the check left to the generic rule.
            throw new FmpException(e.status() == 0 ? FmpException.Kind.UNAVAILABLE : FmpException.Kind.REJECTED, e.getMessage());
        }
    }

    /**
     * @return when the daily budget is next refilled
     */
    public Instant nextRefill() {
        return budget.nextRefill();
    }

    /** One attempt: its place in the day's budget is taken first, so no request is ever sent uncounted. */
    private Response send(Endpoint endpoint, String ticker) {
        if (!budget.tryAcquire()) {
            count("daily_limit");
            throw new FmpException(FmpException.Kind.DAILY_LIMIT, "daily limit of " + budget.perDay() + " requests spent");
        }
        return rest.statement(endpoint.path(), ticker, config.period(), config.limit(), apiKey);
    }

    /** FMP's answers that its status alone does not tell; a plain 429 and 5xx are left to the retries. */
    private void check(String operation, int status, String body) {
        if (status == 429 && isLimitReach(body)) {
            // The day's limit, not a burst: retrying before the reset only spends more of nothing.
            count("daily_limit");
            budget.exhaust();
            throw new FmpException(FmpException.Kind.DAILY_LIMIT, "fmp " + operation + ": HTTP 429 " + head(errorMessage(body)));
        }
        if (status >= 300 && status < 500 && status != 429) {
            answer(operation, status, body);
        }
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
        // "ok" is counted by the calls once this returns.
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

    private static String head(String text) {
        return text == null ? "" : text.length() > 300 ? text.substring(0, 300) : text;
    }

    private void count(String outcome) {
        registry.counter(REQUESTS, "source", SOURCE_TAG, "outcome", outcome).increment();
    }
}
