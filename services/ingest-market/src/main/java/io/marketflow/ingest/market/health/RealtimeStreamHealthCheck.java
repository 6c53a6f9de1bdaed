package io.marketflow.ingest.market.health;

import java.time.Clock;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.marketflow.ingest.market.domain.SessionOwnership;
import io.marketflow.ingest.market.messaging.RealtimeStatus;

/**
 * Readiness of the real-time stream: DOWN during the regular session when no real trade arrived for longer than
 * {@code marketflow.market.realtime.stale-after}; UP outside the session and when the stream is disabled.
 */
@Readiness
@ApplicationScoped
public class RealtimeStreamHealthCheck implements HealthCheck {

    /** The check's name in {@code /q/health}. */
    public static final String NAME = "alpaca-realtime";

    private final RealtimeStatus status;
    private final SessionOwnership ownership;
    private final Clock clock;

    public RealtimeStreamHealthCheck(RealtimeStatus status, SessionOwnership ownership, Clock clock) {
        this.status = status;
        this.ownership = ownership;
        this.clock = clock;
    }

    @Override
    public HealthCheckResponse call() {
        Instant now = clock.instant();
        String state = !ownership.realtimeAvailable() ? "disabled"
                : ownership.ownerAt(now) == SessionOwnership.Owner.REAL ? "session" : "outside-session";
        return HealthCheckResponse.named(NAME)
                .status(!status.stale(now))
                .withData("state", state)
                .withData("connected", status.connected())
                .withData("subscribed", status.subscribed().size())
                .withData("secondsSinceLastTrade", Math.round(status.secondsSinceLastTrade(now)))
                .withData("staleAfterSeconds", status.staleAfter().toSeconds())
                .build();
    }
}
