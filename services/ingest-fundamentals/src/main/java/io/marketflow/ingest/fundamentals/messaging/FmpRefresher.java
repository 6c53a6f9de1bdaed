package io.marketflow.ingest.fundamentals.messaging;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.ConfigProvider;

import com.fasterxml.jackson.databind.JsonNode;

import io.marketflow.contract.FundamentalsRecord;
import io.marketflow.ingest.fundamentals.client.DailyBudget;
import io.marketflow.ingest.fundamentals.client.FmpClient;
import io.marketflow.ingest.fundamentals.client.FmpClient.Endpoint;
import io.marketflow.ingest.fundamentals.client.FmpException;
import io.marketflow.ingest.fundamentals.config.FundamentalsConfig;
import io.marketflow.ingest.fundamentals.domain.AvailabilityRule;
import io.marketflow.ingest.fundamentals.domain.MalformedStatementException;
import io.marketflow.ingest.fundamentals.domain.Rejected;
import io.marketflow.ingest.fundamentals.domain.StatementMapper;
import io.marketflow.ingest.fundamentals.domain.StatementVersion;
import io.marketflow.ingest.fundamentals.repository.FundamentalsProgressRepository;
import io.marketflow.ingest.fundamentals.repository.RequestBudgetRepository;
import io.marketflow.registry.Company;
import io.marketflow.registry.CompanyRegistry;
import io.marketflow.registry.SchemaMigrator;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;

/**
 * Refreshes every active company's statements from FMP's stable API on a schedule: a ticker is due when it was not
 * fetched within {@code refresh-interval} (a new company at once), the four statements of a period become one record,
 * and only versions not sent before go to Kafka (a restated statement has a new filing date, so it is sent again).
 * In {@code recorded} mode the same client reads this service's own replay of recorded responses.
 */
@ApplicationScoped
public class FmpRefresher {

    /** {@code source} of live FMP records. */
    public static final String LIVE_SOURCE = "fmp";
    /** {@code source} of replayed records, so nobody mistakes them for live data. */
    public static final String RECORDED_SOURCE = "fmp-recorded";
    /** Path of the recorded replay on this service's HTTP port (see {@code rest.RecordedFmpResource}). */
    public static final String RECORDED_PATH = "/recorded/fmp";

    private static final Duration DB_TIMEOUT = Duration.ofSeconds(30);

    private final FundamentalsConfig config;
    private final CompanyRegistry registry;
    private final SchemaMigrator migrator;
    private final FundamentalsProgressRepository progress;
    private final RequestBudgetRepository budgets;
    private final FundamentalsSender sender;
    private final FmpStatus status;
    private final MeterRegistry meters;
    private final Clock clock;
    private final StatementMapper mapper;
    private final String mode;
    private final String source;
    private volatile FmpClient client;
    private volatile Set<StatementVersion> sent;

    public FmpRefresher(FundamentalsConfig config, CompanyRegistry registry, SchemaMigrator migrator, FundamentalsProgressRepository progress,
            RequestBudgetRepository budgets, FundamentalsSender sender, FmpStatus status, MeterRegistry meters, Clock clock) {
        this.config = config;
        this.registry = registry;
        this.migrator = migrator;
        this.progress = progress;
        this.budgets = budgets;
        this.sender = sender;
        this.status = status;
        this.meters = meters;
        this.clock = clock;
        this.mapper = new StatementMapper(new AvailabilityRule(config.availability().fallbackDaysAfterPeriodEnd()));
        boolean hasKey = config.fmp().apiKey().filter(key -> !key.isBlank()).isPresent();
        this.mode = config.fmp().mode().orElse(hasKey ? "live" : "recorded");
        this.source = "recorded".equals(mode) ? RECORDED_SOURCE : LIVE_SOURCE;
        if ("live".equals(mode) && !hasKey) {
            throw new IllegalArgumentException("marketflow.fundamentals.fmp.api-key (FMP_API_KEY) is required when "
                    + "marketflow.fundamentals.fmp.mode=live");
        }
        if (config.fmp().firstCheckDelay().isNegative()) {
            throw new IllegalArgumentException("marketflow.fundamentals.fmp.first-check-delay must not be negative, was "
                    + config.fmp().firstCheckDelay());
        }
        try {
            // The client is built at the first refresh; bad retry settings fail startup instead.
            config.fmp().retry().policy();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("marketflow.fundamentals.fmp.retry: " + e.getMessage(), e);
        }
        status.mode(mode);
    }

    void onStart(@Observes StartupEvent event) {
        // Instantiates the bean at startup, so a bad mode or a missing key fails startup instead of the first run.
        Log.infof("[start] - FMP mode %s%s", mode, "recorded".equals(mode) ? " (replaying recorded responses, source " + RECORDED_SOURCE + ")" : "");
        if ("off".equals(mode)) {
            status.set(FmpStatus.State.OFF, null);
        }
    }

    @Scheduled(every = "${marketflow.fundamentals.fmp.check-interval:1m}", delayed = "${marketflow.fundamentals.fmp.first-check-delay:5s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        if ("off".equals(mode) || !migrator.migrated() || registry.refreshedAt() == null) {
            return;
        }
        try {
            refreshDue();
        } catch (RuntimeException e) {
            sent = null;
            status.set(FmpStatus.State.FAILING, e.getMessage());
            Log.warnf("[refresh] - FMP: %s; retrying at the next check", e.getMessage());
        }
    }

    /**
     * Fetches every due ticker, unless FMP is paused.
     *
     * @return records sent now
     */
    public synchronized int refreshDue() {
        Instant now = clock.instant();
        if (now.isBefore(status.pausedUntil())) {
            return 0;
        }
        if (sent == null) {
            sent = new HashSet<>(progress.sent(source).await().atMost(DB_TIMEOUT));
        }
        Set<String> fresh = progress.fetchedSince(source, now.minus(config.fmp().refreshInterval())).await().atMost(DB_TIMEOUT);
        List<String> due = registry.active().stream().map(Company::ticker).filter(ticker -> !fresh.contains(ticker)).toList();
        int sentNow = 0;
        for (String ticker : due) {
            try {
                sentNow += refresh(ticker);
                progress.markFetched(source, ticker, clock.instant()).await().atMost(DB_TIMEOUT);
                status.set(FmpStatus.State.OK, null);
            } catch (FmpException e) {
                switch (e.kind()) {
                    case LEGACY_ENDPOINT -> {
                        // Retrying cannot help: the plan has no access. Say so loudly once per refresh interval.
                        Log.errorf("[refresh] - FMP answered with its legacy-endpoint error; pausing FMP for %s: %s",
                                config.fmp().refreshInterval(), e.getMessage());
                        status.set(FmpStatus.State.LEGACY_ENDPOINT, e.getMessage());
                        status.pauseUntil(now.plus(config.fmp().refreshInterval()));
                        return sentNow;
                    }
                    case DAILY_LIMIT -> {
                        // Expected on the free plan: no FMP call until the reset, readiness stays UP, it resumes by itself.
                        // After a restart the count in PostgreSQL, not this pause, keeps FMP from being called.
                        Instant refill = client().nextRefill();
                        Log.warnf("[refresh] - FMP daily limit reached; pausing until %s: %s", refill, e.getMessage());
                        status.set(FmpStatus.State.DAILY_LIMIT, e.getMessage());
                        status.pauseUntil(refill);
                        return sentNow;
                    }
                    case REJECTED -> {
                        // This ticker (e.g. not in the plan): skip it until its next refresh, keep the others going.
                        Log.warnf("[refresh] - FMP refused %s: %s", ticker, e.getMessage());
                        progress.markFetched(source, ticker, clock.instant()).await().atMost(DB_TIMEOUT);
                    }
                    case UNAVAILABLE -> {
                        status.set(FmpStatus.State.FAILING, e.getMessage());
                        Log.warnf("[refresh] - FMP unavailable: %s; retrying at the next check", e.getMessage());
                        return sentNow;
                    }
                }
            }
        }
        return sentNow;
    }

    /** Forgets cached progress and any pause (tests, after resetting PostgreSQL). */
    public synchronized void forget() {
        sent = null;
        status.pauseUntil(Instant.MIN);
    }

    /** @return the {@code source} this mode's records carry */
    public String source() {
        return source;
    }

    private int refresh(String ticker) {
        FmpClient fmp = client();
        JsonNode income = fmp.fetch(Endpoint.INCOME, ticker);
        Map<String, JsonNode> balance = byPeriod(fmp.fetch(Endpoint.BALANCE, ticker));
        Map<String, JsonNode> cashflow = byPeriod(fmp.fetch(Endpoint.CASHFLOW, ticker));
        Map<String, JsonNode> keyMetrics = byPeriod(fmp.fetch(Endpoint.KEY_METRICS, ticker));
        int sentNow = 0;
        for (JsonNode statement : income) {
            String key = periodKey(statement);
            FundamentalsRecord record;
            try {
                record = mapper.fromFmp(ticker, statement, balance.get(key), cashflow.get(key), keyMetrics.get(key), source);
            } catch (MalformedStatementException e) {
                sender.deadLetter(new Rejected(ticker, source, e.getMessage(), statement.toString()));
                continue;
            }
            StatementVersion version = StatementVersion.of(record);
            if (!sent.contains(version)) {
                sent.add(sender.send(record));
                sentNow++;
            }
        }
        return sentNow;
    }

    private static Map<String, JsonNode> byPeriod(JsonNode statements) {
        Map<String, JsonNode> byKey = new HashMap<>();
        statements.forEach(statement -> byKey.putIfAbsent(periodKey(statement), statement));
        return byKey;
    }

    private static String periodKey(JsonNode statement) {
        return statement.path("date").asText() + "/" + statement.path("period").asText();
    }

    private FmpClient client() {
        if (client == null) {
            URI base;
            String key;
            if ("recorded".equals(mode)) {
                base = URI.create("http://127.0.0.1:" + ownPort() + RECORDED_PATH);
                key = "recorded";
            } else {
                base = URI.create(config.fmp().url());
                key = config.fmp().apiKey().orElseThrow();
            }
            DailyBudget budget = new DailyBudget(source, config.fmp().dailyLimit(), config.fmp().dailyLimitZone(), clock, budgets);
            client = new FmpClient(base, key, config.fmp(), budget, meters);
        }
        return client;
    }

    /** The port this service listens on (Quarkus publishes the real one when it was 0). */
    private static int ownPort() {
        String name = LaunchMode.current() == LaunchMode.TEST ? "quarkus.http.test-port" : "quarkus.http.port";
        String value = System.getProperty(name);
        return value != null ? Integer.parseInt(value) : ConfigProvider.getConfig().getOptionalValue(name, Integer.class).orElse(8083);
    }
}
