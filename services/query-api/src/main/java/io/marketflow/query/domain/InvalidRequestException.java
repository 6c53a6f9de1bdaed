package io.marketflow.query.domain;

/** A request parameter that is missing, malformed or out of bounds: answered with a 400 and this message. */
public class InvalidRequestException extends RuntimeException {

    /**
     * @param message what is wrong, naming the parameter
     */
    public InvalidRequestException(String message) {
        super(message);
    }
}
