package io.marketflow.ingest.social.messaging;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import io.marketflow.ingest.social.client.RestClients;
import io.marketflow.ingest.social.client.XRestClient;
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
import io.marketflow.registry.CompanyRegistry;
import io.marketflow.registry.SchemaMigrator;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;

/**
 * Optional X recent search: on only with {@code X_BEARER_TOKEN}. Each poll searches the next keyword (round robin
 * over the same keywords as Bluesky) and delivers what is new to {@code x_posts}. A 429 pauses X until its
 * {@code x-rate-limit-reset} (15 minutes when the header is missing); no request is sent before then.
 */
@ApplicationScoped
public class XPoller {

    /** X's rate-limit window, the pause when a 429 carries no reset header. */
    static final Duration DEFAULT_PAUSE = Duration.ofMinutes(15);

    private final SocialConfig.X config;
    private final List<String> generalKeywords;
    private final CompanyRegistry companies;
    private final SchemaMigrator migrator;
    private final PostDelivery delivery;
    private final PostNormalizer normalizer;
    private final Clock clock;
    private final boolean enabled;
    private final boolean schedule;
    private final SourceStatus status = new SourceStatus(PostNormalizer.X);
    private final ProviderCalls calls;
    private final PollPace pace;
    private final AtomicInteger next = new AtomicInteger();
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
        this.enabled = this.config.enabled() && this.config.bearerToken().filter(t -> !t.isBlank()).isPresent();
        this.calls = new ProviderCalls(PostNormalizer.X, 60, this.config.retry().policy(), registry);
        this.pace = new PollPace(this.config.pollInterval());
        status.mode(enabled ? "live" : "off");
        Log.infof("[XPoller] - %s", enabled ? "on" : "off (no X_BEARER_TOKEN)");
    }

    /** @return the platform's status for health */
    public SourceStatus status() {
        return status;
    }

    /** @return true when X is searched */
    public boolean enabled() {
        return enabled;
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
        if (!enabled || !migrator.migrated() || companies.refreshedAt() == null || !pace.take(Instant.now(clock))) {
            return false;
        }
        pollOnce();
        return true;
    }

    /**
     * Searches the next keyword, unless X asked us to wait.
     *
     * @return posts published
     */
    public synchronized int pollOnce() {
        Instant now = Instant.now(clock);
        if (!enabled || status.paused(now)) {
            return 0;
        }
        List<Keyword> keywords = Keywords.of(generalKeywords, companies.active());
        Keyword keyword = keywords.get(Math.floorMod(next.getAndIncrement(), keywords.size()));
        try {
            JsonNode body = calls.call("search/recent", () -> client().searchRecent("Bearer " + config.bearerToken().orElseThrow(),
                    query(keyword), config.maxResults(), "created_at,lang,public_metrics,author_id", "author_id", "username", null),
                    // X's 429 window is 15 minutes: not retried here, the whole source pauses until its reset.
                    JsonBodies.TREE, false);
            Map<String, String> usernames = new HashMap<>();
            body.path("includes").path("users").forEach(u -> usernames.put(u.path("id").asText(), u.path("username").asText()));
            List<Normalized> normalized = new ArrayList<>();
            CompanyMentions mentions = CompanyMentions.of(companies.active());
            body.path("data").forEach(tweet -> normalized.add(normalizer.x(tweet, usernames, keyword, mentions)));
            int published = delivery.deliver(PostNormalizer.X, Mode.LIVE, keyword.text(), normalized).published();
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

    private XRestClient client() {
        if (client == null) {
            client = RestClients.build(XRestClient.class, Mode.LIVE, config.url(), PostNormalizer.X);
        }
        return client;
    }
}
