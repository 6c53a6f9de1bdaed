package io.marketflow.ingest.news.client;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.marketflow.provider.JsonBodies;
import io.marketflow.provider.ProviderCalls;
import io.marketflow.provider.ProviderException;

/** Finnhub company news through {@link ProviderCalls} (429 and 5xx retried): the articles of one ticker between two days. */
public final class FinnhubClient {

    private final FinnhubRestClient rest;
    private final ProviderCalls calls;
    private final String token;

    /**
     * @param rest the REST client for the mode's base URL
     * @param calls the provider's budget and retries
     * @param token the API key ("recorded" in recorded mode)
     */
    public FinnhubClient(FinnhubRestClient rest, ProviderCalls calls, String token) {
        this.rest = rest;
        this.calls = calls;
        this.token = token;
    }

    /**
     * @param ticker the ticker
     * @param from first day
     * @param to last day
     * @return the response's items, unvalidated
     * @throws ProviderException when the provider refused the request, retries ran out, or the body is not an array
     */
    public List<JsonNode> companyNews(String ticker, LocalDate from, LocalDate to) {
        JsonNode body = calls.call("company-news " + ticker, () -> rest.companyNews(ticker, from.toString(), to.toString(), token),
                JsonBodies.TREE, true);
        if (!body.isArray()) {
            throw new ProviderException("finnhub company-news " + ticker + ": expected a JSON array, got " + body.getNodeType(), 200,
                    body.toString().length() > 200 ? body.toString().substring(0, 200) : body.toString());
        }
        List<JsonNode> items = new ArrayList<>();
        body.forEach(items::add);
        return items;
    }
}
