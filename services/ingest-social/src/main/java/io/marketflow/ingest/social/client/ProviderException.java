package io.marketflow.ingest.social.client;

/** A provider refused a request (4xx other than 429) or retries ran out; carries the HTTP status and the body's start. */
public class ProviderException extends RuntimeException {

    private final int status;
    private final String body;

    /**
     * @param message what failed (never a URL: keys travel in query strings)
     * @param status the HTTP status, 0 when there was none
     * @param body the start of the response body, "" when none
     */
    public ProviderException(String message, int status, String body) {
        super(message);
        this.status = status;
        this.body = body;
    }

    /** @return the HTTP status, 0 when there was none */
    public int status() {
        return status;
    }

    /** @return the start of the response body */
    public String body() {
        return body;
    }
}
