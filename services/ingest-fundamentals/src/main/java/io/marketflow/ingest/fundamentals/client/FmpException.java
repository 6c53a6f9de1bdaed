package io.marketflow.ingest.fundamentals.client;

/**
 * A failed FMP request, by kind, so that the refresher knows whether to pause, skip a ticker or try again later.
 */
public class FmpException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why the request failed. */
    public enum Kind {
        /** The legacy v3 body ("Legacy Endpoint"): the plan has no access to this endpoint; retrying cannot help. */
        LEGACY_ENDPOINT,
        /** The daily request budget (ours or FMP's "Limit Reach") is spent until the next UTC day. */
        DAILY_LIMIT,
        /** FMP refused this request (4xx or an error body): retrying the same request cannot help. */
        REJECTED,
        /** 429/5xx/I-O errors outlasted the retries. */
        UNAVAILABLE
    }

    private final Kind kind;

    /**
     * @param kind why
     * @param message what happened (never the URL: it holds the key)
     */
    public FmpException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    /**
     * @return why the request failed
     */
    public Kind kind() {
        return kind;
    }
}
