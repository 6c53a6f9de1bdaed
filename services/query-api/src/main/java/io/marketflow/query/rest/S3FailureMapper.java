package io.marketflow.query.rest;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import io.quarkus.logging.Log;
import software.amazon.awssdk.core.exception.SdkException;

/** S3 failing while a query's objects are listed (unreachable, refused, throttled): 503, the client may retry. */
@Provider
public class S3FailureMapper implements ExceptionMapper<SdkException> {

    @Override
    public Response toResponse(SdkException e) {
        Log.warnf("[toResponse] - S3 failed: %s", e.getMessage());
        return Response.status(Response.Status.SERVICE_UNAVAILABLE).type(MediaType.APPLICATION_JSON)
                .entity(new ApiError(503, "unavailable", "the lake storage is not reachable")).build();
    }
}
