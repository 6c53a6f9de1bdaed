package io.marketflow.ingest.social.messaging;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.marketflow.ingest.social.client.BlueskyClient;
import io.marketflow.ingest.social.client.BlueskyRestClient;
import io.marketflow.ingest.social.client.RestClients;
import io.marketflow.ingest.social.config.Modes;
import io.marketflow.ingest.social.config.SocialConfig;
import io.marketflow.ingest.social.config.SocialConfig.Mode;
import io.marketflow.ingest.social.domain.CompanyMentions;
import io.marketflow.ingest.social.domain.Keyword;
import io.marketflow.ingest.social.domain.Keywords;
import io.marketflow.ingest.social.domain.Normalized;
import io.marketflow.ingest.social.domain.PostNormalizer;
import io.marketflow.ingest.social.domain.SourceStatus;
import io.marketflow.registry.CompanyRegistry;
import io.marketflow.provider.ProviderCalls;
import io.marketflow.provider.ProviderException;
import io.marketflow.registry.SchemaMigrator;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;

/**
 * A cycle every {@code cycle-interval} (30 s, the original's) over every keyword (the static list plus the active
 * companies' words, re-read each cycle), {@code keyword-delay} (2 s) apart: searches the latest posts, follows the
 * cursor while a page brings new posts (up to {@code max-pages}), and delivers what is new to {@code bluesky}. A failed
 * keyword is counted in the status and skipped until the next cycle; without a session the cycle ends (createSession
 * has a tight per-account limit); nothing here throws out of the scheduler. On shutdown the cycle in progress ends at
 * its next keyword or page and its pause is cut short: otherwise it ran on (2 s per keyword) until the executor
 * interrupted it after {@code quarkus.thread-pool.shutdown-interrupt} (10 s).
 */
@ApplicationScoped
public class BlueskyPoller {

    private final SocialConfig.Bluesky config;
    private final List<String> generalKeywords;
    private final CompanyRegistry companies;
    private final SchemaMigrator migrator;
    private final PostDelivery delivery;
    private final PostNormalizer normalizer;
    private final Clock clock;
    private final MeterRegistry registry;
    private final Optional<Mode> mode;
    private final boolean schedule;
    private final SourceStatus status = new SourceStatus(PostNormalizer.BLUESKY);
    private final ProviderCalls calls;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile BlueskyClient client;

    public BlueskyPoller(SocialConfig config, CompanyRegistry companies, SchemaMigrator migrator, PostDelivery delivery,
            PostNormalizer normalizer, Clock clock, MeterRegistry registry) {
        this.config = config.bluesky();
        this.generalKeywords = config.generalKeywords();
        this.companies = companies;
        this.migrator = migrator;
        this.delivery = delivery;
        this.normalizer = normalizer;
        this.clock = clock;
        this.registry = registry;
        this.schedule = config.schedule();
        Optional<String> credentials = this.config.handle().filter(h -> !h.isBlank()).flatMap(h -> this.config.appPassword());
        this.mode = this.config.enabled() ? Modes.of(this.config.mode(), credentials) : Optional.empty();
        this.calls = new ProviderCalls(PostNormalizer.BLUESKY, this.config.requestsPerMinute(), this.config.retry().policy(), registry);
        status.mode(mode.map(m -> m.name().toLowerCase(Locale.ROOT)).orElse("off"));
        SocialPublisher.registerMode(registry, PostNormalizer.BLUESKY, status.mode());
        Log.infof("[BlueskyPoller] - mode %s%s", status.mode(), mode.orElse(null) == Mode.RECORDED
                ? " (replaying RECORDED sample responses from /recorded/bluesky: no BLUESKY_HANDLE/BLUESKY_APP_PASSWORD)" : "");
    }

    /** @return the platform's status for health */
    public SourceStatus status() {
        return status;
    }

    /** @return the mode, empty when off */
    public Optional<Mode> mode() {
        return mode;
    }

    /** @return when the session is refreshed next, null before the first */
    public Instant sessionRefreshDue() {
        BlueskyClient c = client;
        return c == null ? null : c.refreshDue();
    }

    /** @return this cycle's keywords: the static list and the active companies' words as the registry has them now */
    public List<Keyword> keywords() {
        return Keywords.of(generalKeywords, companies.active());
    }

    void onShutdown(@Observes ShutdownEvent event) {
        stop();
    }

    /** Ends the cycle in progress at its next keyword or page; no cycle starts afterwards. */
    public void stop() {
        stopped.countDown();
    }

    /** @return true once {@link #stop()} was called */
    public boolean stopping() {
        return stopped.getCount() == 0;
    }

    @Scheduled(every = "${marketflow.social.bluesky.cycle-interval:30s}", delayed = "2s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        if (schedule && mode.isPresent() && !stopping() && migrator.migrated()) {
            pollOnce();
        }
    }

    /**
     * One cycle over every keyword.
     *
     * @return posts published
     */
    public synchronized int pollOnce() {
        List<Keyword> keywords = keywords();
        CompanyMentions mentions = CompanyMentions.of(companies.active());
        int published = 0;
        for (int i = 0; i < keywords.size(); i++) {
            if (stopping() || i > 0 && !pause()) {
                break;
            }
            Keyword keyword = keywords.get(i);
            try {
                published += search(keyword, mentions);
                status.succeeded(Instant.now(clock));
            } catch (ProviderException e) {
                status.failed(keyword.text() + ": " + e.getMessage());
                Log.warnf("[pollOnce] - bluesky %s skipped this cycle: %s", keyword.text(), e.getMessage());
                if (!client().hasSession()) {
                    Log.warnf("[pollOnce] - bluesky: no session, ending this cycle");
                    break;
                }
            } catch (RuntimeException e) {
                // Kafka or PostgreSQL away: the keyword is searched again next cycle (nothing was marked seen).
                status.failed(keyword.text() + ": " + e.getClass().getSimpleName() + ": " + e.getMessage());
                Log.warnf("[pollOnce] - bluesky %s not delivered this cycle: %s", keyword.text(), e.getMessage());
            }
        }
        if (published > 0) {
            Log.infof("[pollOnce] - bluesky: %d new posts%s", published, mode.orElse(null) == Mode.RECORDED ? " (recorded sample)" : "");
        }
        return published;
    }

    /**
     * Searches one keyword, following the cursor while pages bring new posts.
     *
     * @param keyword the keyword
     * @return posts published
     */
    public int search(Keyword keyword) {
        return search(keyword, CompanyMentions.of(companies.active()));
    }

    private int search(Keyword keyword, CompanyMentions mentions) {
        String cursor = null;
        int published = 0;
        for (int page = 1; page <= config.maxPages() && !stopping(); page++) {
            BlueskyClient.Page result = client().search(keyword.text(), config.pageSize(), cursor);
            List<Normalized> normalized = new ArrayList<>();
            result.posts().forEach(post -> normalized.add(normalizer.bluesky(post, keyword, mentions)));
            PostDelivery.Delivered d = delivery.deliver(PostNormalizer.BLUESKY, mode.orElseThrow(), keyword.text(), normalized);
            published += d.published();
            registry.counter("marketflow.bluesky.pages").increment();
            // Latest first: a page with nothing new means everything further back was seen too.
            if (result.cursor() == null || d.published() == 0) {
                break;
            }
            cursor = result.cursor();
        }
        return published;
    }

    /** @return false when the pause was cut short by {@link #stop()} or an interrupt */
    private boolean pause() {
        try {
            return !stopped.await(config.keywordDelay().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private BlueskyClient client() {
        if (client == null) {
            Mode m = mode.orElseThrow();
            boolean live = m == Mode.LIVE;
            client = new BlueskyClient(RestClients.build(BlueskyRestClient.class, m, config.url(), PostNormalizer.BLUESKY), calls,
                    live ? config.handle().orElseThrow() : "recorded.bsky.social", live ? config.appPassword().orElseThrow() : "recorded",
                    config.sessionRefreshInterval(), config.sessionRefreshMargin(), clock, registry);
        }
        return client;
    }
}
