package io.marketflow.registry;

/**
 * CDI event fired once the schema migrations are applied, so that readers of the registry start at once.
 *
 * @param version the schema version now in place
 */
public record SchemaMigrated(String version) {
}
