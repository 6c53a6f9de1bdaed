package io.marketflow.query.rest;

import java.io.UncheckedIOException;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import io.quarkus.logging.Log;

/** S3 or the cache directory failing while a query's files are listed or fetched: 503, the client may retry. */
@Provider
public class StorageFailureMapper implements ExceptionMapper<UncheckedIOException> {

    @Override
    public Response toResponse(UncheckedIOException e) {
        Log.warnf("[toResponse] - lake storage failed: %s", e.getMessage());
        return Response.status(Response.Status.SERVICE_UNAVAILABLE).type(MediaType.APPLICATION_JSON)
                .entity(new ApiError(503, "unavailable", "the lake storage is not reachable: " + e.getMessage())).build();
    }
}
