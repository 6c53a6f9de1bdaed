package io.marketflow.ingest.social.messaging;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.databind.JsonNode;

import io.marketflow.ingest.social.client.RestClients;
import io.marketflow.ingest.social.client.XRestClient;
import io.marketflow.ingest.social.config.Modes;
import io.marketflow.ingest.social.config.SocialConfig;
import io.marketflow.ingest.social.config.SocialConfig.Mode;
import io.marketflow.ingest.social.domain.CompanyMentions;
import io.marketflow.ingest.social.domain.Keyword;
import io.marketflow.ingest.social.domain.Keywords;
import io.marketflow.ingest.social.domain.Normalized;
import io.marketflow.ingest.social.domain.PostNormalizer;
import io.marketflow.ingest.social.domain.SourceStatus;
import io.marketflow.provider.JsonBodies;
import io.marketflow.provider.PollPace;
import io.marketflow.provider.ProviderCalls;
import io.marketflow.provider.ProviderException;
import io.marketflow.provider.RateLimitedException;
import io.marketflow.registry.Company;
import io.marketflow.registry.CompanyRegistry;
import io.marketflow.registry.SchemaMigrator;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;

/**
 * X recent search to {@code x_posts}: live with {@code X_BEARER_TOKEN}, otherwise the recorded responses this service
 * serves itself ({@code /recorded/x}) through the same client. Live, each poll searches the next keyword (round robin
 * over the same keywords as Bluesky), as X allows about one search per 15 minutes; recorded, each poll searches every
 * keyword, since the recorded server has no rate limit and the local run must show its tweets on the first poll
 * whatever the keyword order. A 429 pauses X until its {@code x-rate-limit-reset} (15 minutes when the header is
 * missing); no request is sent before then. Shutdown ends a recorded poll at its next keyword.
 */
@ApplicationScoped
public class XPoller {

    /** X's rate-limit window, the pause when a 429 carries no reset header. */
    static final Duration DEFAULT_PAUSE = Duration.ofMinutes(15);
    /** The live request budget: far above one poll per interval, a guard against a loop, not X's plan. */
    static final int LIVE_REQUESTS_PER_MINUTE = 60;
    /** The recorded budget: one poll sends a request per keyword (~100) to this process, so 10 ms apart, not one per second. */
    static final int RECORDED_REQUESTS_PER_MINUTE = 6000;

    private final SocialConfig.X config;
    private final List<String> generalKeywords;
    private final CompanyRegistry companies;
    private final SchemaMigrator migrator;
    private final PostDelivery delivery;
    private final PostNormalizer normalizer;
    private final Clock clock;
    private final Optional<Mode> mode;
    private final boolean schedule;
    private final SourceStatus status = new SourceStatus(PostNormalizer.X);
    private final ProviderCalls calls;
    private final PollPace pace;
    private final AtomicInteger next = new AtomicInteger();
    private volatile boolean stopping;
    private volatile XRestClient client;

    public XPoller(SocialConfig config, CompanyRegistry companies, SchemaMigrator migrator, PostDelivery delivery, PostNormalizer normalizer,
            Clock clock, MeterRegistry registry) {
        this.config = config.x();
        this.generalKeywords = config.generalKeywords();
        this.companies = companies;
        this.migrator = migrator;
        this.delivery = delivery;
        this.normalizer = normalizer;
        this.clock = clock;
        this.schedule = config.schedule();
        this.mode = this.config.enabled() ? Modes.of(this.config.mode(), this.config.bearerToken()) : Optional.empty();
        this.calls = new ProviderCalls(PostNormalizer.X, recorded() ? RECORDED_REQUESTS_PER_MINUTE : LIVE_REQUESTS_PER_MINUTE,
                this.config.retry().policy(), registry);
        this.pace = new PollPace(this.config.pollInterval());
        status.mode(mode.map(m -> m.name().toLowerCase(Locale.ROOT)).orElse("off"));
        SocialPublisher.registerMode(registry, PostNormalizer.X, status.mode());
        Log.infof("[XPoller] - mode %s%s", status.mode(), why());
    }

    private String why() {
        boolean hasToken = config.bearerToken().filter(t -> !t.isBlank()).isPresent();
        if (mode.isPresent()) {
            return recorded() ? " (replaying RECORDED sample responses from /recorded/x: "
                    + (hasToken ? "marketflow.social.x.mode=recorded)" : "no X_BEARER_TOKEN)") : "";
        }
        return config.enabled() ? " (marketflow.social.x.mode=live but no X_BEARER_TOKEN)" : " (marketflow.social.x.enabled=false)";
    }

    /** @return the platform's status for health */
    public SourceStatus status() {
        return status;
    }

    /** @return the mode, empty when off */
    public Optional<Mode> mode() {
        return mode;
    }

    void onShutdown(@Observes ShutdownEvent event) {
        stop();
    }

    /** Ends the poll in progress before its next keyword; no poll starts afterwards. */
    public void stop() {
        stopping = true;
    }

    @Scheduled(every = PollPace.TICK, delayed = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        if (schedule) {
            tick();
        }
    }

    /**
     * Searches when the service is ready (schema migrated, company list loaded: the keywords and mentions come from it)
     * and {@code poll-interval} has passed since the last search; the first comes as soon as the service is ready.
     *
     * @return true when a search ran
     */
    boolean tick() {
        if (mode.isEmpty() || stopping || !migrator.migrated() || companies.refreshedAt() == null || !pace.take(Instant.now(clock))) {
            return false;
        }
        pollOnce();
        return true;
    }

    /**
     * Searches the next keyword (live) or every keyword (recorded), unless X asked us to wait.
     *
     * @return posts published
     */
    public synchronized int pollOnce() {
        if (mode.isEmpty() || status.paused(Instant.now(clock))) {
            return 0;
        }
        List<Company> active = companies.active();
        List<Keyword> keywords = Keywords.of(generalKeywords, active);
        CompanyMentions mentions = CompanyMentions.of(active);
        List<Keyword> searched = recorded() ? keywords : List.of(keywords.get(Math.floorMod(next.getAndIncrement(), keywords.size())));
        int published = 0;
        for (Keyword keyword : searched) {
            if (stopping || status.paused(Instant.now(clock))) {
                break;
            }
            published += search(keyword, mentions);
        }
        if (published > 0) {
            Log.infof("[pollOnce] - x: %d new posts%s", published, recorded() ? " (recorded sample)" : "");
        }
        return published;
    }

    private int search(Keyword keyword, CompanyMentions mentions) {
        Instant now = Instant.now(clock);
        try {
            JsonNode body = calls.call("search/recent", () -> client().searchRecent(bearer(), query(keyword), config.maxResults(),
                    "created_at,lang,public_metrics,author_id", "author_id", "username", null),
                    // X's 429 window is 15 minutes: not retried here, the whole source pauses until its reset.
                    JsonBodies.TREE, false);
            Map<String, String> usernames = new HashMap<>();
            body.path("includes").path("users").forEach(u -> usernames.put(u.path("id").asText(), u.path("username").asText()));
            List<Normalized> normalized = new ArrayList<>();
            body.path("data").forEach(tweet -> normalized.add(normalizer.x(tweet, usernames, keyword, mentions)));
            int published = delivery.deliver(PostNormalizer.X, mode.orElseThrow(), keyword.text(), normalized).published();
            status.succeeded(now);
            return published;
        } catch (RateLimitedException e) {
            Duration wait = e.retryAfter() != null ? e.retryAfter() : DEFAULT_PAUSE;
            status.failed(e.getMessage());
            status.pauseUntil(now.plus(wait));
            Log.warnf("[pollOnce] - x rate limited: no request before %s", now.plus(wait));
        } catch (ProviderException e) {
            status.failed(e.getMessage());
            Log.warnf("[pollOnce] - x %s skipped: %s", keyword.text(), e.getMessage());
        } catch (RuntimeException e) {
            status.failed(e.getClass().getSimpleName() + ": " + e.getMessage());
            Log.warnf("[pollOnce] - x %s not delivered: %s", keyword.text(), e.getMessage());
        }
        return 0;
    }

    /** A phrase for multi-word keywords, no retweets, English (the features are English-only). */
    static String query(Keyword keyword) {
        String t = keyword.text().replace("\"", "");
        return (t.contains(" ") ? "\"" + t + "\"" : t) + " -is:retweet lang:en";
    }

    private boolean recorded() {
        return mode.orElse(null) == Mode.RECORDED;
    }

    /** The same header live and recorded; the recorded server takes any token, so the real one never goes there. */
    private String bearer() {
        return "Bearer " + (recorded() ? "recorded" : config.bearerToken().orElseThrow());
    }

    private XRestClient client() {
        if (client == null) {
            client = RestClients.build(XRestClient.class, mode.orElseThrow(), config.url(), PostNormalizer.X);
        }
        return client;
    }
}
