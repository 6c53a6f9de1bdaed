package io.marketflow.query.rest;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.marketflow.query.lake.LakeStorage;

/** Readiness: the lake's storage (S3 or the local directory) answers a listing. */
@Readiness
@ApplicationScoped
public class LakeReadinessCheck implements HealthCheck {

    private final LakeStorage storage;

    /**
     * @param storage the lake's storage
     */
    public LakeReadinessCheck(LakeStorage storage) {
        this.storage = storage;
    }

    @Override
    public HealthCheckResponse call() {
        try {
            storage.ping();
            return HealthCheckResponse.up("query-api lake");
        } catch (RuntimeException e) {
            return HealthCheckResponse.named("query-api lake").down().withData("error", String.valueOf(e.getMessage())).build();
        }
    }
}
