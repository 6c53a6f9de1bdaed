package io.marketflow.ingest.social.health;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import io.marketflow.ingest.social.domain.SourceStatus;
import io.marketflow.ingest.social.messaging.BlueskyPoller;
import io.marketflow.ingest.social.messaging.XPoller;

/**
 * Readiness of the social sources: each platform's mode, last success, consecutive failures, last error and pause,
 * and when the Bluesky session is refreshed next (never a token); DOWN when a platform's last
 * {@link SourceStatus#UNHEALTHY_AFTER} requests all failed. Liveness is not touched, so an outage never restarts the pod.
 */
@Readiness
@ApplicationScoped
public class SocialSourcesReadiness implements HealthCheck {

    private final BlueskyPoller bluesky;
    private final XPoller x;

    public SocialSourcesReadiness(BlueskyPoller bluesky, XPoller x) {
        this.bluesky = bluesky;
        this.x = x;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder b = HealthCheckResponse.named("social-sources").up();
        Instant due = bluesky.sessionRefreshDue();
        b.withData("bluesky.session", due == null ? "none" : "refresh due " + due);
        for (SourceStatus s : List.of(bluesky.status(), x.status())) {
            String p = s.provider();
            b.withData(p + ".mode", s.mode());
            b.withData(p + ".consecutive-failures", s.consecutiveFailures());
            if (s.lastSuccess() != null) {
                b.withData(p + ".last-success", s.lastSuccess().toString());
            }
            if (!s.lastError().isEmpty()) {
                b.withData(p + ".last-error", s.lastError());
            }
            if (s.pausedUntil() != null) {
                b.withData(p + ".paused-until", s.pausedUntil().toString());
            }
            if (!s.healthy()) {
                b.down();
            }
        }
        return b.build();
    }
}
