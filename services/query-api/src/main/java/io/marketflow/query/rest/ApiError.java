package io.marketflow.query.rest;

/**
 * The body of every error answer.
 *
 * @param status the HTTP status
 * @param error a short code: bad_request, unauthorized, unavailable
 * @param message what is wrong, naming the parameter for a 400
 */
public record ApiError(int status, String error, String message) {
}
