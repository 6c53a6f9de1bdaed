package io.marketflow.ingest.fundamentals.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads the recorded FMP payloads copied from {@code reference/api-fixtures} into {@code src/test/resources/fixtures}.
 * The stable balance sheet and cash flow fixtures are the recorded v3 answers renamed to the stable field names
 * ({@code fillingDate} → {@code filingDate}, {@code calendarYear} → {@code fiscalYear}, links dropped), as in the
 * service's recorded replay: the reference set has only their v3 form.
 */
public final class Fixtures {

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
}
