package io.marketflow.ingest.fundamentals.domain;

/**
 * A statement that cannot become a {@code FundamentalsRecord}; its message is the dead letter's {@code reason}.
 */
public class MalformedStatementException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param reason why the statement was rejected
     */
    public MalformedStatementException(String reason) {
        super(reason);
    }
}
