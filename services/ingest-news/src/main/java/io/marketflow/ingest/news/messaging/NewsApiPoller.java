package io.marketflow.ingest.news.messaging;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.marketflow.ingest.news.client.NewsApiClient;
import io.marketflow.ingest.news.client.NewsApiRestClient;
import io.marketflow.ingest.news.client.RestClients;
import io.marketflow.ingest.news.config.Modes;
import io.marketflow.ingest.news.config.NewsConfig;
import io.marketflow.ingest.news.config.NewsConfig.Mode;
import io.marketflow.ingest.news.domain.ArticleNormalizer;
import io.marketflow.ingest.news.domain.Normalized;
import io.marketflow.ingest.news.domain.SourceStatus;
import io.marketflow.registry.Company;
import io.marketflow.registry.CompanyRegistry;
import io.marketflow.provider.PollPace;
import io.marketflow.provider.ProviderCalls;
import io.marketflow.provider.ProviderException;
import io.marketflow.registry.SchemaMigrator;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;

/**
 * Each poll searches NewsAPI for the next active company (round robin) by its name and related words, pages while
 * results remain and the UTC day's request budget allows, and delivers what is new to {@code newsapi}. A
 * {@code rateLimited} body pauses NewsAPI for {@code rate-limited-pause}; {@code maximumResultsReached} ends paging.
 */
@ApplicationScoped
public class NewsApiPoller {

    private final NewsConfig.NewsApi config;
    private final CompanyRegistry companies;
    private final SchemaMigrator migrator;
    private final ArticleDelivery delivery;
    private final ArticleNormalizer normalizer;
    private final Clock clock;
    private final Optional<Mode> mode;
    private final boolean schedule;
    private final SourceStatus status = new SourceStatus(ArticleNormalizer.NEWSAPI);
    private final ProviderCalls calls;
    private final PollPace pace;
    private volatile boolean stopping;
    private final AtomicInteger next = new AtomicInteger();
    private volatile NewsApiClient client;
    private LocalDate budgetDay;
    private int spentToday;

    public NewsApiPoller(NewsConfig config, CompanyRegistry companies, SchemaMigrator migrator, ArticleDelivery delivery,
            ArticleNormalizer normalizer, Clock clock, MeterRegistry registry) {
        this.config = config.newsapi();
        this.companies = companies;
        this.migrator = migrator;
        this.delivery = delivery;
        this.normalizer = normalizer;
        this.clock = clock;
        this.schedule = config.schedule();
        this.mode = this.config.enabled() ? Modes.of(config.mode(), this.config.apiKey()) : Optional.empty();
        // NewsApiClient does not retry a 429: NewsAPI's 429 is "rateLimited", a budget spent for hours.
        this.calls = new ProviderCalls(ArticleNormalizer.NEWSAPI, 30, this.config.retry().policy(), registry);
        this.pace = new PollPace(this.config.pollInterval());
        status.mode(mode.map(m -> m.name().toLowerCase(java.util.Locale.ROOT)).orElse("off"));
        Log.infof("[NewsApiPoller] - mode %s%s", status.mode(), mode.orElse(null) == Mode.RECORDED
                ? " (replaying recorded responses from /recorded/newsapi: no NEWSAPI_API_KEY)" : "");
    }

    /** @return the provider's status for health */
    public SourceStatus status() {
        return status;
    }

    /** @return the mode, empty when off */
    public Optional<Mode> mode() {
        return mode;
    }

    /**
     * Shutdown ends the poll in progress at its next request: otherwise it ran on through every ticker (one per second
     * under the rate limit) until the executor interrupted it after {@code quarkus.thread-pool.shutdown-interrupt} (10 s).
     */
    void onShutdown(@Observes ShutdownEvent event) {
        stop();
    }

    /** Ends the poll in progress before its next request; no poll starts afterwards. */
    public void stop() {
        stopping = true;
    }

    @Scheduled(every = PollPace.TICK, delayed = "2s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        if (schedule) {
            tick();
        }
    }

    /**
     * Polls when the service is ready (schema migrated, company list loaded) and {@code poll-interval} has passed
     * since the last poll; the first poll comes as soon as the service is ready.
     *
     * @return true when a poll ran
     */
    boolean tick() {
        if (mode.isEmpty() || stopping || !migrator.migrated() || companies.refreshedAt() == null || !pace.take(Instant.now(clock))) {
            return false;
        }
        pollOnce();
        return true;
    }

    /**
     * Searches the next company.
     *
     * @return articles published
     */
    public synchronized int pollOnce() {
        Instant now = Instant.now(clock);
        if (status.paused(now)) {
            return 0;
        }
        List<Company> active = companies.active();
        if (active.isEmpty()) {
            return 0;
        }
        Company company = active.get(Math.floorMod(next.getAndIncrement(), active.size()));
        String q = query(company);
        Instant from = now.minus(config.lookbackDays(), ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        int published = 0;
        try {
            for (int page = 1; page <= config.maxPages() && !stopping; page++) {
                if (!spend(now)) {
                    Log.infof("[pollOnce] - newsapi: today's budget of %d requests is spent", config.dailyBudget());
                    break;
                }
                NewsApiClient.Page result = client().everything(q, from, config.pageSize(), page);
                List<Normalized> normalized = new ArrayList<>();
                result.articles().forEach(item -> normalized.add(normalizer.newsapi(item, company.ticker())));
                published += delivery.deliver(ArticleNormalizer.NEWSAPI, mode.orElseThrow(), company.ticker(), normalized);
                status.succeeded(now);
                if (result.last()) {
                    break;
                }
            }
        } catch (NewsApiClient.RateLimited e) {
            status.failed(e.getMessage());
            status.pauseUntil(now.plus(config.rateLimitedPause()));
            Log.warnf("[pollOnce] - %s: pausing NewsAPI for %s", e.getMessage(), config.rateLimitedPause());
        } catch (ProviderException e) {
            status.failed(e.getMessage());
            Log.warnf("[pollOnce] - newsapi %s skipped: %s", company.ticker(), e.getMessage());
        } catch (RuntimeException e) {
            status.failed(e.getClass().getSimpleName() + ": " + e.getMessage());
            Log.warnf("[pollOnce] - newsapi %s not delivered: %s", company.ticker(), e.getMessage());
        }
        return published;
    }

    /** {@code "Meta" OR "Facebook"}: the company name and its related words, each quoted as a phrase. */
    static String query(Company company) {
        StringBuilder q = new StringBuilder("\"").append(company.companyName().replace("\"", "")).append('"');
        company.relatedWords().filter(w -> w.length() > 1).ifPresent(w -> q.append(" OR \"").append(w.replace("\"", "")).append('"'));
        return q.toString();
    }

    private boolean spend(Instant now) {
        LocalDate day = LocalDate.ofInstant(now, ZoneOffset.UTC);
        if (!day.equals(budgetDay)) {
            budgetDay = day;
            spentToday = 0;
        }
        if (spentToday >= config.dailyBudget()) {
            return false;
        }
        spentToday++;
        return true;
    }

    private NewsApiClient client() {
        if (client == null) {
            Mode m = mode.orElseThrow();
            client = new NewsApiClient(RestClients.build(NewsApiRestClient.class, m, config.url(), ArticleNormalizer.NEWSAPI), calls,
                    m == Mode.LIVE ? config.apiKey().orElseThrow() : "recorded");
        }
        return client;
    }
}
