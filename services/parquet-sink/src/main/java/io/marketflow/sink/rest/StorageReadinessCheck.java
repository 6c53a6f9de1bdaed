package io.marketflow.sink.rest;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.marketflow.sink.messaging.StorageStatus;
import io.marketflow.sink.storage.Storage;

/**
 * Readiness is DOWN while uploads or offset commits keep failing (the sink is then paused and retrying, not dropping).
 */
@Readiness
@ApplicationScoped
public class StorageReadinessCheck implements HealthCheck {

    private final StorageStatus status;
    private final Storage storage;

    /**
     * @param status the writer's last outcome
     * @param storage the store, for its description
     */
    public StorageReadinessCheck(StorageStatus status, Storage storage) {
        this.status = status;
        this.storage = storage;
    }

    @Override
    public HealthCheckResponse call() {
        String error = status.lastError();
        return HealthCheckResponse.named("parquet-sink storage")
                .status(error == null)
                .withData("storage", storage.describe())
                .withData("lastError", error == null ? "" : error)
                .build();
    }
}
