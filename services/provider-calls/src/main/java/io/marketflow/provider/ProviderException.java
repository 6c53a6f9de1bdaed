package io.marketflow.provider;

/**
 * A provider answered in a way retrying cannot fix (bad symbol, bad key, unknown error body), or retries ran out.
 */
public class ProviderException extends RuntimeException {

    private final int status;
    private final String body;

    /**
     * @param message what the provider said, never including a key
     * @param status the HTTP status, 0 when there was no response
     */
    public ProviderException(String message, int status) {
        this(message, status, "");
    }

    /**
     * @param message what the provider said, never including a key
     * @param status the HTTP status, 0 when there was no response
     * @param body the start of the answer's body, "" when there was none
     */
    public ProviderException(String message, int status, String body) {
        super(message);
        this.status = status;
        this.body = body == null ? "" : body;
    }

    /**
     * @return the HTTP status, 0 when there was no response
     */
    public int status() {
        return status;
    }

    /**
     * @return the start of the answer's body, "" when there was none
     */
    public String body() {
        return body;
    }
}
