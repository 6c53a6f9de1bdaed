package io.marketflow.query.rest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.marketflow.query.config.QueryConfig;

/**
 * When {@code marketflow.query.api-token} is set (production: from a Secret), every {@code /api} request must carry
 * {@code Authorization: Bearer <token>}; anything else is a 401. Health, metrics and the OpenAPI document stay open, and
 * so do the status page's static files ({@code /}, {@code /index.html}, {@code /status.js}, {@code /status.css}): they
 * hold no data, and the page asks the user for the token and sends it on the {@code /api/summary} calls it makes.
 * Other spellings of an /api path ({@code //api/…}, {@code /./api/…}, {@code /%61pi/…}) get the 401 too: StatusPageTest checks them.
 */
public class ApiTokenFilter {

    private final Optional<byte[]> token;

    /**
     * @param config the optional token
     */
    public ApiTokenFilter(QueryConfig config) {
        this.token = config.apiToken().filter(t -> !t.isBlank()).map(t -> t.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @param request the request
     * @return a 401 when a token is required and missing or wrong, empty otherwise
     */
    @ServerRequestFilter(preMatching = true)
    public Optional<Response> requireToken(ContainerRequestContext request) {
        if (token.isEmpty()) {
            return Optional.empty();
        }
        String path = request.getUriInfo().getPath();
        if (!(path.equals("/api") || path.startsWith("/api/"))) {
            return Optional.empty();
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            byte[] presented = header.substring(7).trim().getBytes(StandardCharsets.UTF_8);
            // Constant time, so the token cannot be guessed byte by byte from response times.
            if (MessageDigest.isEqual(presented, token.get())) {
                return Optional.empty();
            }
        }
        return Optional.of(Response.status(Response.Status.UNAUTHORIZED).type(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .entity(new ApiError(401, "unauthorized", "this API needs Authorization: Bearer <token>")).build());
    }
}
