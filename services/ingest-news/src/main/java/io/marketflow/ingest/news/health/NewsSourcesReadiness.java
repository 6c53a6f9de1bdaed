package io.marketflow.ingest.news.health;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import io.marketflow.ingest.news.domain.SourceStatus;
import io.marketflow.ingest.news.messaging.FinnhubPoller;
import io.marketflow.ingest.news.messaging.NewsApiPoller;

/**
 * Readiness of the news sources: each provider's mode, last success, consecutive failures, last error and pause; DOWN
 * when a provider's last {@link SourceStatus#UNHEALTHY_AFTER} requests all failed. Liveness is not touched, so a
 * provider outage never restarts the pod.
 */
@Readiness
@ApplicationScoped
public class NewsSourcesReadiness implements HealthCheck {

    private final FinnhubPoller finnhub;
    private final NewsApiPoller newsapi;

    public NewsSourcesReadiness(FinnhubPoller finnhub, NewsApiPoller newsapi) {
        this.finnhub = finnhub;
        this.newsapi = newsapi;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder b = HealthCheckResponse.named("news-sources").up();
        for (SourceStatus s : List.of(finnhub.status(), newsapi.status())) {
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
