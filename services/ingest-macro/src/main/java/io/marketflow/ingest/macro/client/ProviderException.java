package io.marketflow.ingest.macro.client;

/**
 * A provider answered in a way retrying cannot fix (bad symbol, bad key, unknown error body), or retries ran out.
 */
public class ProviderException extends RuntimeException {

    private final int status;

    /**
     * @param message what the provider said, never including a key
     * @param status the HTTP status, 0 when there was no response
     */
    public ProviderException(String message, int status) {
        super(message);
        this.status = status;
    }

    /**
     * @return the HTTP status, 0 when there was no response
     */
    public int status() {
        return status;
    }
}
