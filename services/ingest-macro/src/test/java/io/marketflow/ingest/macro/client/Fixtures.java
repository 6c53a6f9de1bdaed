package io.marketflow.ingest.macro.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads the provider payloads in {@code src/test/resources/fixtures} (copied from the reference fixtures or written
 * in their shapes).
 */
public final class Fixtures {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Fixtures() {
    }

    /**
     * @param name the fixture's file name without {@code .json}
     * @return its text
     */
    public static String read(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + name + ".json")) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param name the fixture's file name without {@code .json}
     * @return its JSON
     */
    public static JsonNode json(String name) {
        try {
            return JSON.readTree(read(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
