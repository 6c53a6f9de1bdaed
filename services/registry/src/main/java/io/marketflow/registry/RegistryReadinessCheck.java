package io.marketflow.registry;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once the schema is migrated and the active companies have been read at least once.
 */
@Readiness
@ApplicationScoped
public class RegistryReadinessCheck implements HealthCheck {

    private final SchemaMigrator migrator;
    private final CompanyRegistry registry;

    public RegistryReadinessCheck(SchemaMigrator migrator, CompanyRegistry registry) {
        this.migrator = migrator;
        this.registry = registry;
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("registry")
                .withData("schemaMigrated", migrator.migrated())
                .withData("activeCompanies", registry.active().size());
        if (!migrator.migrated()) {
            return response.down().withData("error", String.valueOf(migrator.lastError())).build();
        }
        if (registry.refreshedAt() == null) {
            return response.down().withData("error", "companies_info not read yet").build();
        }
        return response.up().withData("refreshedAt", registry.refreshedAt().toString()).build();
    }
}
