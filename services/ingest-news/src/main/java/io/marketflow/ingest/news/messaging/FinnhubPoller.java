package io.marketflow.ingest.news.messaging;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.databind.JsonNode;

import io.marketflow.ingest.news.client.FinnhubClient;
import io.marketflow.ingest.news.client.FinnhubRestClient;
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
 * Every poll interval (60 s, the original's), asks Finnhub for each active ticker's news from {@code lookback-days}
 * ago to today, within the request budget, and delivers what is new to {@code finnhub}. A failed ticker is counted in
 * the status and skipped until the next cycle; nothing here throws out of the scheduler.
 */
@ApplicationScoped
public class FinnhubPoller {

    private final NewsConfig.Finnhub config;
    private final CompanyRegistry companies;
    private final SchemaMigrator migrator;
    private final ArticleDelivery delivery;
    private final ArticleNormalizer normalizer;
    private final Clock clock;
    private final Optional<Mode> mode;
    private final boolean schedule;
    private final SourceStatus status = new SourceStatus(ArticleNormalizer.FINNHUB);
    private final ProviderCalls calls;
    private final PollPace pace;
    private volatile boolean stopping;
    private volatile FinnhubClient client;

    public FinnhubPoller(NewsConfig config, CompanyRegistry companies, SchemaMigrator migrator, ArticleDelivery delivery,
            ArticleNormalizer normalizer, Clock clock, MeterRegistry registry) {
        this.config = config.finnhub();
        this.companies = companies;
        this.migrator = migrator;
        this.delivery = delivery;
        this.normalizer = normalizer;
        this.clock = clock;
        this.schedule = config.schedule();
        this.mode = this.config.enabled() ? Modes.of(config.mode(), this.config.apiKey()) : Optional.empty();
        this.calls = new ProviderCalls(ArticleNormalizer.FINNHUB, this.config.requestsPerMinute(), this.config.retry().policy(), registry);
        this.pace = new PollPace(this.config.pollInterval());
        status.mode(mode.map(m -> m.name().toLowerCase(java.util.Locale.ROOT)).orElse("off"));
        Log.infof("[FinnhubPoller] - mode %s%s", status.mode(), mode.orElse(null) == Mode.RECORDED
                ? " (replaying recorded responses from /recorded/finnhub: no FINNHUB_API_KEY)" : "");
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

    @Scheduled(every = PollPace.TICK, delayed = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        if (schedule) {
            tick();
        }
    }

    /**
     * Starts a cycle when the service is ready (schema migrated, company list loaded) and {@code poll-interval} has
     * passed since the last cycle started; the first comes as soon as the service is ready.
     *
     * @return true when a cycle ran
     */
    boolean tick() {
        if (mode.isEmpty() || stopping || !migrator.migrated() || companies.refreshedAt() == null || !pace.take(Instant.now(clock))) {
            return false;
        }
        pollOnce();
        return true;
    }

    /**
     * One cycle over every active ticker.
     *
     * @return articles published
     */
    public int pollOnce() {
        FinnhubClient c = client();
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        LocalDate from = today.minusDays(config.lookbackDays());
        int published = 0;
        for (Company company : companies.active()) {
            if (stopping) {
                break;
            }
            try {
                List<JsonNode> items = c.companyNews(company.ticker(), from, today);
                List<Normalized> normalized = items.stream().map(item -> normalizer.finnhub(item, company.ticker())).toList();
                published += delivery.deliver(ArticleNormalizer.FINNHUB, mode.orElseThrow(), company.ticker(), normalized);
                status.succeeded(Instant.now(clock));
            } catch (ProviderException e) {
                status.failed(e.getMessage());
                Log.warnf("[pollOnce] - finnhub %s skipped this cycle: %s", company.ticker(), e.getMessage());
            } catch (RuntimeException e) {
                // Kafka or PostgreSQL away: the ticker is retried next cycle (nothing was marked seen).
                status.failed(e.getClass().getSimpleName() + ": " + e.getMessage());
                Log.warnf("[pollOnce] - finnhub %s not delivered this cycle: %s", company.ticker(), e.getMessage());
            }
        }
        if (published > 0) {
            Log.infof("[pollOnce] - finnhub: %d new articles", published);
        }
        return published;
    }

    private FinnhubClient client() {
        if (client == null) {
            Mode m = mode.orElseThrow();
            client = new FinnhubClient(RestClients.build(FinnhubRestClient.class, m, config.url(), ArticleNormalizer.FINNHUB), calls,
                    m == Mode.LIVE ? config.apiKey().orElseThrow() : "recorded");
        }
        return client;
    }
}
