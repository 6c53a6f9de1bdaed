package io.marketflow.query.domain;

/** A backing store that cannot answer now (down, or a table not migrated yet): answered with a 503 and this message. */
public class UnavailableException extends RuntimeException {

    /**
     * @param message what is unavailable
     * @param cause the failure, may be null
     */
    public UnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
