package io.marketflow.contract;

import java.io.IOException;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The one JSON mapping of the contract: snake_case fields (the original system's style), ISO-8601 UTC instants with
 * their full precision, absent fields for nulls, and unknown fields ignored so that a new optional field does not break
 * older consumers.
 */
public final class ContractJson {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // A missing schema_version reads as 0 (the original system's records) and a missing flag as false; a
            // missing price or size reads as 0, which the ingest and sink validation rejects with its own reason.
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private ContractJson() {
    }

    /**
     * @return the shared mapper; thread-safe, never reconfigure it
     */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * @param record any contract record
     * @return its UTF-8 JSON
     */
    public static byte[] toBytes(Object record) {
        try {
            return MAPPER.writeValueAsBytes(record);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialize " + record.getClass().getSimpleName(), e);
        }
    }

    /**
     * Reads a record and checks its schema version.
     *
     * @param bytes UTF-8 JSON
     * @param type the record type
     * @param <T> the record type
     * @return the record
     * @throws InvalidRecordException when the bytes are not a valid record of that type, with the reason
     */
    public static <T> T fromBytes(byte[] bytes, Class<T> type) {
        if (bytes == null || bytes.length == 0) {
            throw new InvalidRecordException("empty payload, expected a " + type.getSimpleName());
        }
        T record;
        try {
            record = MAPPER.readValue(bytes, type);
        } catch (IOException | RuntimeException e) {
            throw new InvalidRecordException("not a valid " + type.getSimpleName() + ": " + rootMessage(e), e);
        }
        if (record instanceof ContractRecord contract && contract.schemaVersion() > ContractRecord.CURRENT_SCHEMA_VERSION) {
            throw new InvalidRecordException(type.getSimpleName() + " has schema version " + contract.schemaVersion()
                    + ", this code reads up to " + ContractRecord.CURRENT_SCHEMA_VERSION);
        }
        return record;
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = cause.getMessage();
        // Jackson appends the whole source location; the first line is the reason a person needs.
        return message == null ? cause.getClass().getSimpleName() : message.lines().findFirst().orElse(message);
    }
}
