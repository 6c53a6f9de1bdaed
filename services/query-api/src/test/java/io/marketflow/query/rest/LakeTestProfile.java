package io.marketflow.query.rest;

import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import io.quarkus.test.junit.QuarkusTestProfile;

/** The API under test with a fresh cache directory of its own, so a test can see which objects a query fetched. */
public class LakeTestProfile implements QuarkusTestProfile {

    /**
     * The cache directory of this JVM's runs. A system property, not a static value: Quarkus loads test classes in more
     * than one class loader, and each would draw its own UUID.
     */
    static final Path CACHE = Path.of(perJvm("query-api.test.cache", "target/query-cache-" + UUID.randomUUID())).toAbsolutePath();

    /**
     * @param name a system property
     * @param value its value if this JVM has none yet
     * @return the JVM's value
     */
    static String perJvm(String name, String value) {
        synchronized (System.getProperties()) {
            return (String) System.getProperties().computeIfAbsent(name, k -> value);
        }
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("marketflow.query.lake.cache-dir", CACHE.toString());
    }
}
