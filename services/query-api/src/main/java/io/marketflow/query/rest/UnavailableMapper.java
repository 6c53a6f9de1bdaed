package io.marketflow.query.rest;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import io.marketflow.query.domain.UnavailableException;

/** A store that cannot answer now is a 503 with a JSON message: the request was fine, the client may retry. */
@Provider
public class UnavailableMapper implements ExceptionMapper<UnavailableException> {

    @Override
    public Response toResponse(UnavailableException e) {
        return Response.status(Response.Status.SERVICE_UNAVAILABLE).type(MediaType.APPLICATION_JSON)
                .entity(new ApiError(503, "unavailable", e.getMessage())).build();
    }
}
