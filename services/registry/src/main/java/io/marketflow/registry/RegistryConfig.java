package io.marketflow.registry;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Configuration of the registry shared by every service that reads {@code companies_info}.
 */
@ConfigMapping(prefix = "marketflow.registry")
public interface RegistryConfig {

    /** How often the active companies are re-read, so that changes apply without a restart. */
    @WithDefault("10s")
    Duration refreshInterval();

    /** Longest wait between two attempts to migrate the schema while PostgreSQL is unreachable. */
    @WithDefault("30s")
    Duration migrationMaxBackoff();
}
