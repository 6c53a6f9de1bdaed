package io.marketflow.contract;

/**
 * A payload that is not a valid contract record; its message is the reason that goes into dead-letter headers.
 */
public class InvalidRecordException extends RuntimeException {

    /**
     * @param reason why the payload was rejected
     */
    public InvalidRecordException(String reason) {
        super(reason);
    }

    /**
     * @param reason why the payload was rejected
     * @param cause the parser's exception
     */
    public InvalidRecordException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
