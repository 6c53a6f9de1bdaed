package io.marketflow.ingest.macro.messaging;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.ConfigProvider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.marketflow.contract.MacroObservation;
import io.marketflow.contract.PolicyEvent;
import io.marketflow.contract.Topics;
import io.marketflow.ingest.macro.client.fred.FredClient;
import io.marketflow.ingest.macro.client.worldbank.WorldBankClient;
import io.marketflow.ingest.macro.config.MacroConfig;
import io.marketflow.ingest.macro.config.MacroConfigValidator;
import io.marketflow.ingest.macro.domain.FomcCalendar;
import io.marketflow.ingest.macro.domain.FredNormalizer;
import io.marketflow.ingest.macro.domain.Normalized;
import io.marketflow.ingest.macro.domain.RateDecisions;
import io.marketflow.ingest.macro.domain.SeriesRef;
import io.marketflow.ingest.macro.domain.WorldBankNormalizer;
import io.marketflow.ingest.macro.repository.MacroProgressRepository.SeriesState;
import io.marketflow.ingest.macro.repository.MacroProgressRepository.VintageKey;
import io.marketflow.ingest.macro.repository.MacroProgressRepository;
import io.marketflow.provider.ProviderCalls;
import io.marketflow.provider.ProviderException;
import io.marketflow.registry.SchemaMigrated;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.LaunchMode;

/**
 * Runs the macro ingest on one background thread, a cycle per poll interval: per series the backfill to {@code h_macrodata} (every vintage since
 * the configured start, skipping what {@code macro_sent} says was acknowledged), then every poll interval the
 * newest observations and any new or closed vintage to {@code macrodata}, plus the policy events.
 */
@ApplicationScoped
public class MacroIngestor {

    /** Series whose backfill completed; gauge. */
    public static final String BACKFILL_DONE = "marketflow.macro.backfill.series.done";
    /** Series to backfill; gauge. */
    public static final String BACKFILL_TOTAL = "marketflow.macro.backfill.series.total";
    /** Epoch seconds of the backfill's last progress (a page sent or a series finished); gauge. */
    public static final String BACKFILL_PROGRESS = "marketflow.macro.backfill.last.progress.seconds";
    /** Epoch seconds of a series' last successful fetch; gauge, tags {@code alias}, {@code source}. */
    public static final String LAST_SUCCESS = "marketflow.macro.series.last.success.seconds";
    /** Vintages sent; tags {@code topic}, {@code source}, {@code mode}. */
    public static final String SENT = "marketflow.macro.observations.sent";
    /** 1 for the mode the FRED data comes from; tag {@code mode} ({@code live} or {@code recorded}). */
    public static final String MODE = "marketflow.macro.mode";
    /** Vintage rows the poll asks for at its start: enough to hold the newest date's vintages. */
    static final int LATEST_ROWS = 20;

    private final MacroConfig config;
    private final MacroConfigValidator settings;
    private final MacroProgressRepository repository;
    private final MacroSender sender;
    private final MeterRegistry registry;
    private final ObjectMapper json;
    private final Clock clock;
    private final ProviderCalls fredCalls;
    private final ProviderCalls worldBankCalls;
    private final String mode;
    private final AtomicInteger backfilled = new AtomicInteger();
    private final AtomicLong lastProgress = new AtomicLong(Instant.now().getEpochSecond());
    private final Map<String, AtomicLong> lastSuccess = new ConcurrentHashMap<>();
    private volatile FredClient fred;
    private volatile WorldBankClient worldBank;
    private volatile ScheduledExecutorService scheduler;
    private volatile String lastError;

    public MacroIngestor(MacroConfig config, MacroConfigValidator settings, MacroProgressRepository repository, MacroSender sender,
            MeterRegistry registry, ObjectMapper json) {
        this.config = config;
        this.settings = settings;
        this.repository = repository;
        this.sender = sender;
        this.registry = registry;
        this.json = json;
        this.clock = Clock.systemUTC();
        this.mode = settings.fredRecorded() ? "recorded" : "live";
        this.fredCalls = new ProviderCalls("fred", config.fred().requestsPerMinute(), config.fred().retry().policy(), registry);
        this.worldBankCalls = new ProviderCalls("worldbank", config.worldBank().requestsPerMinute(), config.worldBank().retry().policy(), registry);
        Gauge.builder(MODE, () -> 1).tag("mode", mode).register(registry);
        Gauge.builder(BACKFILL_DONE, backfilled::get).register(registry);
        Gauge.builder(BACKFILL_TOTAL, () -> backfillTotal()).register(registry);
        Gauge.builder(BACKFILL_PROGRESS, lastProgress::get).register(registry);
        if (settings.fredRecorded()) {
            Log.infof("[macro] - FRED mode recorded: replaying the shipped recordings (src/main/resources/recorded) through the FRED client; "
                    + "set FRED_API_KEY for live data");
        } else {
            Log.infof("[macro] - FRED mode live; World Bank mode %s", settings.worldBankMode());
        }
    }

    void onMigrated(@Observes SchemaMigrated event) {
        if (!config.schedule().enabled()) {
            return;
        }
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "macro-ingest");
            t.setDaemon(true);
            return t;
        });
        scheduler = executor;
        long every = config.schedule().pollInterval().toMillis();
        executor.scheduleWithFixedDelay(this::pollQuietly, 0, every, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }

    /** @return {@code live} or {@code recorded} */
    public String mode() {
        return mode;
    }

    /** @return series backfilled out of {@link #backfillTotal()} */
    public int backfilled() {
        return backfilled.get();
    }

    /** @return the number of series and indicators to backfill */
    public int backfillTotal() {
        return settings.fredSeries().size() + ("off".equals(settings.worldBankMode()) ? 0 : settings.worldBankIndicators().size());
    }

    /** @return the last failure's message, or null after a clean cycle */
    public String lastError() {
        return lastError;
    }

    /** @return epoch seconds of every series' last successful fetch, by alias */
    public Map<String, Long> lastSuccess() {
        Map<String, Long> copy = new java.util.TreeMap<>();
        lastSuccess.forEach((alias, at) -> copy.put(alias, at.get()));
        return copy;
    }

    /** A cycle: finish any backfill not done yet (a series that failed before is retried here), then poll. */
    private void pollQuietly() {
        try {
            if (backfilled.get() < backfillTotal()) {
                backfill();
            }
            poll();
        } catch (RuntimeException e) {
            lastError = e.getMessage();
            Log.errorf("[poll] - failed: %s", e.getMessage());
        }
    }

    /**
     * The backfill of every series to {@code h_macrodata}; a series that fails is logged and retried on the next run,
     * the others go on. Safe to call again: acknowledged vintages are skipped.
     *
     * @return the series that failed, with why
     */
    public synchronized Map<String, String> backfill() {
        Map<String, String> failed = new java.util.LinkedHashMap<>();
        int done = 0;
        for (SeriesRef series : settings.fredSeries()) {
            try {
                if (backfillFred(series)) {
                    done++;
                }
            } catch (ProviderException | IllegalStateException e) {
                failed.put(series.alias(), e.getMessage());
                Log.warnf("[backfill] - %s (%s): %s", series.alias(), series.seriesId(), e.getMessage());
            }
            backfilled.set(done);
        }
        if (!"off".equals(settings.worldBankMode())) {
            for (SeriesRef indicator : settings.worldBankIndicators()) {
                try {
                    worldBankTo(Topics.H_MACRODATA, indicator);
                    repository.saveState(WorldBankNormalizer.SOURCE, indicator.seriesId(), true, today()).await().indefinitely();
                    done++;
                } catch (ProviderException | IllegalStateException e) {
                    failed.put(indicator.alias(), e.getMessage());
                    Log.warnf("[backfill] - %s (%s): %s", indicator.alias(), indicator.seriesId(), e.getMessage());
                }
                backfilled.set(done);
            }
        }
        lastError = failed.isEmpty() ? null : failed.toString();
        Log.infof("[backfill] - %d/%d series complete (%s)", done, backfillTotal(), mode);
        return failed;
    }

    private boolean backfillFred(SeriesRef series) {
        Optional<SeriesState> state = repository.state(FredNormalizer.SOURCE, series.seriesId()).await().indefinitely();
        if (state.map(SeriesState::backfillDone).orElse(false)) {
            return true;
        }
        Set<VintageKey> sent = repository.sent(Topics.H_MACRODATA, FredNormalizer.SOURCE, series.seriesId()).await().indefinitely();
        AtomicInteger count = new AtomicInteger();
        fred().observations(series.seriesId(), config.fred().start(), config.fred().realtimeStart(), page -> {
            count.addAndGet(sendNew(Topics.H_MACRODATA, FredNormalizer.SOURCE, FredNormalizer.normalize(series, page), sent, o -> true));
            lastProgress.set(clock.instant().getEpochSecond());
        });
        touch(series);
        repository.saveState(FredNormalizer.SOURCE, series.seriesId(), true, today()).await().indefinitely();
        Log.infof("[backfill] - %s (%s): %d vintages sent", series.alias(), series.seriesId(), count.get());
        return true;
    }

    /**
     * One poll: per series the newest observation's current vintage, and every vintage of the lookback window that
     * started or closed since the stream began, to {@code macrodata}; then the policy events.
     *
     * @return the series that failed, with why
     */
    public synchronized Map<String, String> poll() {
        Map<String, String> failed = new java.util.LinkedHashMap<>();
        for (SeriesRef series : settings.fredSeries()) {
            try {
                pollFred(series);
            } catch (ProviderException | IllegalStateException e) {
                failed.put(series.alias(), e.getMessage());
                Log.warnf("[poll] - %s (%s): %s", series.alias(), series.seriesId(), e.getMessage());
            }
        }
        if (!"off".equals(settings.worldBankMode())) {
            for (SeriesRef indicator : settings.worldBankIndicators()) {
                try {
                    worldBankTo(Topics.MACRODATA, indicator);
                } catch (ProviderException | IllegalStateException e) {
                    failed.put(indicator.alias(), e.getMessage());
                    Log.warnf("[poll] - %s (%s): %s", indicator.alias(), indicator.seriesId(), e.getMessage());
                }
            }
        }
        if (config.policy().enabled()) {
            try {
                policyEvents();
            } catch (ProviderException | IllegalStateException e) {
                failed.put("policy_events", e.getMessage());
                Log.warnf("[poll] - policy events: %s", e.getMessage());
            }
        }
        lastError = failed.isEmpty() ? null : failed.toString();
        return failed;
    }

    private void pollFred(SeriesRef series) {
        LocalDate today = today();
        LocalDate since = repository.state(FredNormalizer.SOURCE, series.seriesId()).await().indefinitely()
                .map(SeriesState::streamSince).orElse(null);
        if (since == null) {
            since = today;
            repository.saveState(FredNormalizer.SOURCE, series.seriesId(), false, today).await().indefinitely();
        }
        Set<VintageKey> sent = repository.sent(Topics.MACRODATA, FredNormalizer.SOURCE, series.seriesId()).await().indefinitely();
        // The newest observation's current vintage, whatever its age (the original stream's sort_order=desc start).
        Normalized<MacroObservation> newest = FredNormalizer.normalize(series, fred().latest(series.seriesId(), config.fred().realtimeStart(), LATEST_ROWS));
        Optional<MacroObservation> current = newest.records().stream().filter(o -> o.realtimeEnd() == null)
                .max(Comparator.comparing(MacroObservation::date));
        List<MacroObservation> first = new ArrayList<>();
        current.ifPresent(first::add);
        sendNew(Topics.MACRODATA, FredNormalizer.SOURCE, new Normalized<>(first, newest.rejected()), sent, o -> true);
        LocalDate streamSince = since;
        LocalDate from = today.minusDays(config.schedule().pollLookback().toDays());
        fred().observations(series.seriesId(), from, config.fred().realtimeStart(), page -> sendNew(Topics.MACRODATA, FredNormalizer.SOURCE,
                FredNormalizer.normalize(series, page), sent,
                o -> !o.realtimeStart().isBefore(streamSince) || closes(o, sent) || (o.realtimeEnd() != null && !o.realtimeEnd().isBefore(streamSince.minusDays(1)))));
        touch(series);
    }

    /** A closed vintage whose open version went out on this topic: send it, so consumers learn its end. */
    private static boolean closes(MacroObservation o, Set<VintageKey> sent) {
        return o.realtimeEnd() != null && sent.contains(new VintageKey(o.date(), o.realtimeStart(), MacroObservation.OPEN_END));
    }

    private void worldBankTo(String topic, SeriesRef indicator) {
        LocalDate today = today();
        List<JsonNode> rows = worldBank().rows(config.worldBank().country(), indicator.seriesId(), config.worldBank().startYear(), today.getYear());
        Map<LocalDate, MacroObservation> open = repository.open(topic, WorldBankNormalizer.SOURCE, indicator.seriesId(), indicator.alias())
                .await().indefinitely();
        Set<VintageKey> sent = repository.sent(topic, WorldBankNormalizer.SOURCE, indicator.seriesId()).await().indefinitely();
        Normalized<MacroObservation> normalized = WorldBankNormalizer.normalize(indicator, json.valueToTree(rows), today,
                config.worldBank().publicationLag(), open);
        sendNew(topic, WorldBankNormalizer.SOURCE, normalized, sent, o -> true);
        touch(indicator);
    }

    private void policyEvents() {
        SeriesRef upper = new SeriesRef(config.policy().upperSeries(), "fed_target_upper");
        SeriesRef lower = new SeriesRef(config.policy().lowerSeries(), "fed_target_lower");
        List<MacroObservation> ups = new ArrayList<>();
        List<MacroObservation> lows = new ArrayList<>();
        for (SeriesRef series : List.of(upper, lower)) {
            List<MacroObservation> into = series == upper ? ups : lows;
            // Today's values only (no realtime range): a rate decision is never revised, so one vintage per day suffices.
            fred().observations(series.seriesId(), config.policy().start(), null, page -> {
                Normalized<MacroObservation> n = FredNormalizer.normalize(series, page);
                into.addAll(n.records());
                sender.deadLetter(Topics.POLICY_EVENTS, FredNormalizer.SOURCE,
                        n.rejected().stream().map(r -> new io.marketflow.ingest.macro.domain.Rejected(PolicyEvent.RATE_DECISION, r.raw(), r.reason()))
                                .toList());
            });
        }
        List<PolicyEvent> events = new ArrayList<>(RateDecisions.detect(ups, lows));
        events.addAll(FomcCalendar.load(config.policy().calendarResource()));
        Set<String> sent = repository.policySent().await().indefinitely();
        List<PolicyEvent> fresh = events.stream().filter(e -> !sent.contains(e.eventType() + "|" + day(e))).toList();
        sender.sendPolicyEvents(fresh, e -> repository.markPolicySent(e.eventType(), day(e)));
        count(Topics.POLICY_EVENTS, "fed", fresh.size());
        if (!fresh.isEmpty()) {
            Log.infof("[policy] - %d policy events sent", fresh.size());
        }
    }

    private static LocalDate day(PolicyEvent e) {
        return e.effectiveAt().atZone(java.time.ZoneId.of("America/New_York")).toLocalDate();
    }

    private int sendNew(String topic, String source, Normalized<MacroObservation> normalized, Set<VintageKey> sent,
            java.util.function.Predicate<MacroObservation> wanted) {
        sender.deadLetter(topic, source, normalized.rejected());
        List<MacroObservation> fresh = new ArrayList<>();
        for (MacroObservation o : normalized.records()) {
            if (wanted.test(o) && sent.add(VintageKey.of(o))) {
                fresh.add(o);
            }
        }
        sender.sendObservations(topic, fresh, o -> repository.markSent(topic, o));
        count(topic, source, fresh.size());
        return fresh.size();
    }

    private void count(String topic, String source, int n) {
        registry.counter(SENT, "topic", topic, "source", source, "mode", mode).increment(n);
    }

    private void touch(SeriesRef series) {
        lastSuccess.computeIfAbsent(series.alias(), alias -> {
            AtomicLong at = new AtomicLong();
            Gauge.builder(LAST_SUCCESS, at::get).tag("alias", alias).register(registry);
            return at;
        }).set(clock.instant().getEpochSecond());
    }

    private LocalDate today() {
        return LocalDate.now(clock.withZone(ZoneOffset.UTC));
    }

    private FredClient fred() {
        if (fred == null) {
            URI base = settings.fredRecorded() ? URI.create(ownUrl() + "/recorded/fred") : URI.create(config.fred().url());
            fred = new FredClient(base, config.fred().apiKey().orElse("recorded"), fredCalls, json, config.fred().pageLimit());
        }
        return fred;
    }

    private WorldBankClient worldBank() {
        if (worldBank == null) {
            URI base = "recorded".equals(settings.worldBankMode()) ? URI.create(ownUrl() + "/recorded/worldbank") : URI.create(config.worldBank().url());
            worldBank = new WorldBankClient(base, worldBankCalls, json, config.worldBank().perPage());
        }
        return worldBank;
    }

    /** This service's own HTTP address, read after startup because a test's port is chosen at random. */
    private static String ownUrl() {
        String key = LaunchMode.current() == LaunchMode.TEST ? "quarkus.http.test-port" : "quarkus.http.port";
        int port = ConfigProvider.getConfig().getOptionalValue(key, Integer.class).orElse(8082);
        return "http://localhost:" + port;
    }
}
