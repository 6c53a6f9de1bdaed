package io.marketflow.ingest.market.messaging;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.marketflow.calendar.MarketCalendar;
import io.marketflow.contract.Bar;
import io.marketflow.contract.ContractRecord;
import io.marketflow.contract.WeekBars;
import io.marketflow.ingest.market.client.BarQuery;
import io.marketflow.ingest.market.client.MarketDataProvider;
import io.marketflow.ingest.market.client.ProviderRegistry;
import io.marketflow.ingest.market.config.MarketConfig;
import io.marketflow.ingest.market.domain.BackfillProgress;
import io.marketflow.ingest.market.domain.BackfillProgress.State;
import io.marketflow.ingest.market.domain.BackfillRange;
import io.marketflow.ingest.market.domain.BarValidator;
import io.marketflow.ingest.market.domain.IsoWeek;
import io.marketflow.ingest.market.repository.BackfillProgressRepository;
import io.marketflow.ingest.market.repository.BackfillProgressRepository.WeekKey;
import io.marketflow.registry.Company;
import io.marketflow.registry.CompanyRegistry;
import io.marketflow.registry.SchemaMigrated;
import io.marketflow.seen.RecordedRun;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;

/**
 * The historical backfill (the original {@code producer_h_stockdata}, made resumable): for every active ticker and
 * every ISO week from the start date to yesterday, the regular-session 1-minute bars go to {@code h_alpaca} as one
 * {@link WeekBars} (empty when the week had none), and the week is recorded in {@code backfill_progress} only after
 * the broker acknowledged it. A ticker's weeks are sent in order by one worker; workers share the provider's limiter.
 * A recorded provider backfills only the recorded week by default ({@link BackfillRange}) and keeps its progress apart
 * from the live one ({@link RecordedRun}).
 */
@ApplicationScoped
public class BackfillRunner {

    private static final Duration DB_TIMEOUT = Duration.ofSeconds(30);

    private final MarketConfig.Backfill config;
    private final RecordedRun recordedRun;
    private final ProviderRegistry providers;
    private final CompanyRegistry registry;
    private final BackfillProgressRepository repository;
    private final HistoricalBarsSender sender;
    private final BackfillMetrics metrics;
    private final BarValidator validator;
    private final BackfillProgress progress = new BackfillProgress();
    private final AtomicInteger watched = new AtomicInteger();
    private volatile Thread coordinator;
    private volatile ExecutorService workers;
    private volatile boolean stopping;

    public BackfillRunner(MarketConfig config, ProviderRegistry providers, CompanyRegistry registry, MarketCalendar calendar,
            BackfillProgressRepository repository, HistoricalBarsSender sender, BackfillMetrics metrics) {
        this.config = config.backfill();
        this.recordedRun = new RecordedRun(config.recordedRun());
        this.providers = providers;
        this.registry = registry;
        this.repository = repository;
        this.sender = sender;
        this.metrics = metrics;
        this.validator = new BarValidator(calendar, config.validation().jumpThreshold(), config.validation().jumpMinReturns());
    }

    void onMigrated(@Observes SchemaMigrated event) {
        if (config.enabled()) {
            start();
        } else {
            progress.state(State.DISABLED, "marketflow.market.backfill.enabled=false");
            Log.infof("[onMigrated] - backfill disabled by configuration");
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        stop();
    }

    /**
     * Starts (or resumes) the backfill in the background; does nothing while it runs.
     */
    public synchronized void start() {
        if (coordinator != null && coordinator.isAlive()) {
            return;
        }
        stopping = false;
        Thread thread = new Thread(this::run, "backfill");
        thread.setDaemon(true);
        coordinator = thread;
        thread.start();
    }

    /**
     * Stops the backfill at once, as a kill would: work in flight is abandoned, completed weeks stay recorded.
     */
    public synchronized void stop() {
        stopping = true;
        ExecutorService pool = workers;
        if (pool != null) {
            pool.shutdownNow();
        }
        Thread thread = coordinator;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(Duration.ofSeconds(30).toMillis());
                if (pool != null) {
                    pool.awaitTermination(30, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * @return true while a run's thread is alive (from {@link #start()} until it is done or stopped)
     */
    public boolean running() {
        Thread thread = coordinator;
        return thread != null && thread.isAlive();
    }

    /**
     * @return the current run's progress
     */
    public BackfillProgress progress() {
        return progress;
    }

    private void run() {
        Optional<MarketDataProvider> found = providers.find(config.provider());
        if (found.isEmpty()) {
            disable("unknown provider " + config.provider());
            return;
        }
        MarketDataProvider provider = found.get();
        if (provider.disabledReason().isPresent()) {
            disable(provider.name() + " is disabled: " + provider.disabledReason().get());
            return;
        }
        try {
            List<String> tickers = awaitTickers();
            BackfillRange range = BackfillRange.of(config.start(), config.end(), provider.recorded(),
                    LocalDate.now(MarketCalendar.NEW_YORK).minusDays(1));
            List<IsoWeek> weeks = range.weeks();
            String progressSource = progressSource(provider);
            if (provider.recorded() && recordedRun.run().isPresent()) {
                // Earlier runs' progress is never read again (its source names another run): drop it so the table does not
                // grow with every local run. The current run's rows stay, which keeps a restart from sending the week again.
                repository.forgetOthers(RecordedRun.runPrefix(provider.name()), progressSource).await().atMost(DB_TIMEOUT);
            }
            Map<WeekKey, LocalDate> covered = repository.covered(progressSource).await().atMost(DB_TIMEOUT);
            startProgress(provider.source(), tickers, weeks, covered);
            Log.infof("[run] - backfill from %s%s: %s to %s, %d tickers × %d weeks, %d already done", provider.name(),
                    provider.recorded() ? " RECORDED (source " + provider.source() + ", progress " + progressSource + ")" : "",
                    range.start(), range.end(), tickers.size(), weeks.size(), progress.done());
            runWorkers(provider, tickers, weeks, covered);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            if (!stopping) {
                Log.errorf(e, "[run] - backfill failed");
            }
        }
        if (progress.snapshot().state() == State.RUNNING) {
            progress.state(State.STOPPED, "stopped before the end");
            Log.infof("[run] - backfill stopped at %.2f %%", progress.snapshot().percent());
        }
    }

    private void runWorkers(MarketDataProvider provider, List<String> tickers, List<IsoWeek> weeks, Map<WeekKey, LocalDate> covered)
            throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(config.workers(), r -> new Thread(r, "backfill-worker"));
        workers = pool;
        List<Future<?>> batches = new ArrayList<>();
        for (int i = 0; i < tickers.size(); i += config.symbolsPerRequest()) {
            List<String> batch = tickers.subList(i, Math.min(tickers.size(), i + config.symbolsPerRequest()));
            batches.add(pool.submit(() -> runBatch(provider, batch, weeks, covered)));
        }
        pool.shutdown();
        for (Future<?> batch : batches) {
            while (true) {
                try {
                    batch.get(config.logInterval().toMillis(), TimeUnit.MILLISECONDS);
                    break;
                } catch (TimeoutException e) {
                    logProgress();
                } catch (ExecutionException e) {
                    throw new IllegalStateException(e.getCause());
                }
            }
        }
        if (!stopping) {
            progress.state(State.DONE, "");
            logProgress();
        }
    }

    private void runBatch(MarketDataProvider provider, List<String> batch, List<IsoWeek> weeks, Map<WeekKey, LocalDate> covered) {
        for (IsoWeek week : weeks) {
            List<String> pending = batch.stream().filter(t -> !isCovered(covered, t, week)).toList();
            while (!pending.isEmpty() && !stopping) {
                try {
                    sendWeek(provider, pending, week);
                    break;
                } catch (RuntimeException e) {
                    if (stopping || Thread.currentThread().isInterrupted()) {
                        return;
                    }
                    // The same week again, never the next one: a ticker's weeks must reach Kafka in order.
                    Log.warnf("[runBatch] - %s week %d-W%02d of %s failed, retrying: %s", provider.source(), week.year(), week.week(),
                            pending, e.getMessage());
                    if (!pause()) {
                        return;
                    }
                }
            }
            if (stopping) {
                return;
            }
        }
    }

    private void sendWeek(MarketDataProvider provider, List<String> tickers, IsoWeek week) {
        List<Bar> bars = provider.bars(new BarQuery(tickers, week.start(), week.end(), BarQuery.ONE_MINUTE));
        Map<String, List<Bar>> byTicker = new LinkedHashMap<>();
        bars.forEach(bar -> byTicker.computeIfAbsent(bar.ticker(), t -> new ArrayList<>()).add(bar));
        for (String ticker : tickers) {
            BarValidator.Result result = validator.validate(byTicker.getOrDefault(ticker, List.of()));
            String source = provider.source();
            result.rejected().forEach(rejected -> {
                sender.deadLetter(rejected);
                metrics.rejected(source, rejected.reason());
            });
            sender.send(new WeekBars(ContractRecord.CURRENT_SCHEMA_VERSION, ticker, week.year(), week.week(), result.valid()),
                    provider.recorded());
            repository.markDone(progressSource(provider), new WeekKey(ticker, week.year(), week.week()), week.through(),
                    result.valid().size(), result.rejected().size()).await().atMost(DB_TIMEOUT);
            progress.completed(ticker);
            metrics.completed(source, 1);
            metrics.bars(source, result.valid().size());
            metrics.extendedHours(source, result.extendedHours());
            metrics.priceJumps(source, result.jumps());
        }
    }

    private void startProgress(String source, List<String> tickers, List<IsoWeek> weeks, Map<WeekKey, LocalDate> covered) {
        Map<String, Integer> totals = new HashMap<>();
        Map<String, Integer> done = new HashMap<>();
        for (String ticker : tickers) {
            totals.put(ticker, weeks.size());
            done.put(ticker, (int) weeks.stream().filter(w -> isCovered(covered, ticker, w)).count());
        }
        progress.start(totals, done);
        if (watched.getAndIncrement() == 0) {
            metrics.watch(source, progress);
        }
    }

    /**
     * @param provider the backfill's provider
     * @return the {@code backfill_progress.source} of its weeks: the provider's name live; recorded, the recorded run's
     *         namespace, so that recorded weeks never count as done for a later live run
     */
    public String progressSource(MarketDataProvider provider) {
        return provider.recorded() ? recordedRun.namespace(provider.name()) : provider.name();
    }

    private static boolean isCovered(Map<WeekKey, LocalDate> covered, String ticker, IsoWeek week) {
        LocalDate through = covered.get(new WeekKey(ticker, week.year(), week.week()));
        return through != null && !through.isBefore(week.through());
    }

    private List<String> awaitTickers() throws InterruptedException {
        List<Company> companies = registry.active();
        while (companies.isEmpty() && !stopping) {
            // The registry fills on its own schedule; the backfill has nothing to do until it has.
            Thread.sleep(500);
            companies = registry.active();
        }
        return companies.stream().map(Company::ticker).toList();
    }

    private boolean pause() {
        try {
            Thread.sleep(Duration.ofSeconds(5).toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void disable(String reason) {
        progress.state(State.DISABLED, reason);
        Log.infof("[run] - backfill disabled: %s", reason);
    }

    private void logProgress() {
        BackfillProgress.Snapshot s = progress.snapshot();
        Log.infof("[progress] - backfill %s: %d/%d ticker-weeks (%.2f %%), %.1f per minute, ETA %s", s.state(), s.completedTasks(),
                s.totalTasks(), s.percent(), s.tasksPerMinute(), s.etaSeconds() == null ? "unknown" : Duration.ofSeconds(s.etaSeconds()));
    }
}
