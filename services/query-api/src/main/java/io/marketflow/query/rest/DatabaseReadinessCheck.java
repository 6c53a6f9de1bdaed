package io.marketflow.query.rest;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.marketflow.query.repository.FeatureRepository;

/** Readiness: PostgreSQL (aggregated_data) answers a query. */
@Readiness
@ApplicationScoped
public class DatabaseReadinessCheck implements HealthCheck {

    private final FeatureRepository features;

    /**
     * @param features the aggregated_data reader
     */
    public DatabaseReadinessCheck(FeatureRepository features) {
        this.features = features;
    }

    @Override
    public HealthCheckResponse call() {
        try {
            features.ping();
            return HealthCheckResponse.up("query-api database");
        } catch (RuntimeException e) {
            return HealthCheckResponse.named("query-api database").down().withData("error", String.valueOf(e.getMessage())).build();
        }
    }
}
