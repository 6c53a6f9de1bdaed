package io.marketflow.ingest.fundamentals.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.marketflow.ingest.fundamentals.messaging.FmpStatus;

/**
 * Readiness of the FMP refresher: DOWN after FMP's legacy-endpoint answer (the plan cannot read the endpoint: an
 * operator must act) and while FMP keeps failing; UP otherwise, including a spent daily limit (expected, it resumes).
 */
@Readiness
@ApplicationScoped
public class FmpHealthCheck implements HealthCheck {

    /** The check's name in {@code /q/health}. */
    public static final String NAME = "fmp";

    private final FmpStatus status;

    public FmpHealthCheck(FmpStatus status) {
        this.status = status;
    }

    @Override
    public HealthCheckResponse call() {
        FmpStatus.State state = status.state();
        var response = HealthCheckResponse.named(NAME)
                .status(state != FmpStatus.State.LEGACY_ENDPOINT && state != FmpStatus.State.FAILING)
                .withData("mode", status.mode())
                .withData("state", state.name().toLowerCase());
        if (state == FmpStatus.State.DAILY_LIMIT) {
            response.withData("paused_until", status.pausedUntil().toString());
        }
        if (status.lastError() != null) {
            response.withData("error", status.lastError());
        }
        return response.build();
    }
}
