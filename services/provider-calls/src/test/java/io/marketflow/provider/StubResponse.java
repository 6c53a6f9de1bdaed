package io.marketflow.provider;

import java.lang.annotation.Annotation;
import java.net.URI;
import java.util.Date;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.GenericType;
import jakarta.ws.rs.core.Link;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;

/**
 * A provider's answer as the REST client hands it over: status, headers (names case-insensitive) and a text body. The
 * JAX-RS builders need a runtime this plain library does not have, so the few methods the calls read are implemented.
 */
final class StubResponse extends Response {

    private final int status;
    private final String body;
    private final Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

    private StubResponse(int status, String body) {
        this.status = status;
        this.body = body;
    }

    static StubResponse of(int status) {
        return new StubResponse(status, null);
    }

    static StubResponse of(int status, String body) {
        return new StubResponse(status, body);
    }

    StubResponse header(String name, Object value) {
        headers.put(name, String.valueOf(value));
        return this;
    }

    @Override
    public int getStatus() {
        return status;
    }

    @Override
    public StatusType getStatusInfo() {
        Status known = Status.fromStatusCode(status);
        return known != null ? known : new StatusType() {
            @Override
            public int getStatusCode() {
                return status;
            }

            @Override
            public Status.Family getFamily() {
                return Status.Family.familyOf(status);
            }

            @Override
            public String getReasonPhrase() {
                return "";
            }
        };
    }

    @Override
    public Object getEntity() {
        return body;
    }

    @Override
    public <T> T readEntity(Class<T> type) {
        return type.cast(body);
    }

    @Override
    public boolean hasEntity() {
        return body != null;
    }

    @Override
    public String getHeaderString(String name) {
        return headers.get(name);
    }

    @Override
    public void close() {
    }

    @Override
    public <T> T readEntity(GenericType<T> type) {
        throw new UnsupportedOperationException();
    }

    @Override
    public <T> T readEntity(Class<T> type, Annotation[] annotations) {
        throw new UnsupportedOperationException();
    }

    @Override
    public <T> T readEntity(GenericType<T> type, Annotation[] annotations) {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean bufferEntity() {
        return true;
    }

    @Override
    public MediaType getMediaType() {
        return null;
    }

    @Override
    public Locale getLanguage() {
        return null;
    }

    @Override
    public int getLength() {
        return body == null ? -1 : body.length();
    }

    @Override
    public Set<String> getAllowedMethods() {
        return Set.of();
    }

    @Override
    public Map<String, NewCookie> getCookies() {
        return Map.of();
    }

    @Override
    public EntityTag getEntityTag() {
        return null;
    }

    @Override
    public Date getDate() {
        return null;
    }

    @Override
    public Date getLastModified() {
        return null;
    }

    @Override
    public URI getLocation() {
        return null;
    }

    @Override
    public Set<Link> getLinks() {
        return Set.of();
    }

    @Override
    public boolean hasLink(String relation) {
        return false;
    }

    @Override
    public Link getLink(String relation) {
        return null;
    }

    @Override
    public Link.Builder getLinkBuilder(String relation) {
        throw new UnsupportedOperationException();
    }

    @Override
    public MultivaluedMap<String, Object> getMetadata() {
        throw new UnsupportedOperationException();
    }

    @Override
    public MultivaluedMap<String, String> getStringHeaders() {
        throw new UnsupportedOperationException();
    }
}
