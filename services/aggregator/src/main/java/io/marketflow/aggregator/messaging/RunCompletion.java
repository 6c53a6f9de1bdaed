package io.marketflow.aggregator.messaging;

import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.marketflow.aggregator.config.AggregatorConfig;
import io.marketflow.aggregator.repository.RunRepository;
import io.marketflow.calendar.MarketCalendar;
import io.marketflow.contract.ContractJson;
import io.marketflow.contract.ContractRecord;
import io.marketflow.contract.StartModelSignal;
import io.marketflow.registry.Company;
import io.marketflow.registry.CompanyRegistry;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;

/**
 * Decides when a historical run is complete and sends {@code start_model} exactly once. The run's expected units are
 * every active ticker of {@code companies_info} times every ISO week touching the configured range (the same start and
 * end ingest-market backfills, whose weeks it sends even when empty); a unit counts once its rows are committed
 * ({@code aggregator_weeks} is written in the rows' transaction), so the check after a commit can never see a batch
 * that is missing. The run row's lock makes one instance send the signal.
 */
@ApplicationScoped
public class RunCompletion {

    private final AggregatorConfig config;
    private final CompanyRegistry registry;
    private final RunRepository runs;
    private final Outbox outbox;
    private final AggregatorMetrics metrics;
    private final MarketCalendar calendar = MarketCalendar.nyse();

    public RunCompletion(AggregatorConfig config, CompanyRegistry registry, RunRepository runs, Outbox outbox, AggregatorMetrics metrics) {
        this.config = config;
        this.registry = registry;
        this.runs = runs;
        this.outbox = outbox;
        this.metrics = metrics;
    }

    /** Retries a signal a failed send or a crash left unsent, and notices a run completed by another instance. */
    @Scheduled(every = "30s", delayed = "30s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void periodicCheck() {
        try {
            check();
        } catch (SQLException | RuntimeException e) {
            Log.debugf("[periodicCheck] - %s", e.getMessage());
        }
    }

    /** @return the run's id: the bar topic and its New York date range */
    public String runId() {
        return config.topics().bars() + ":" + config.run().start() + ".." + end();
    }

    private LocalDate end() {
        return config.run().end().orElseGet(() -> calendar.tradingDate(Instant.now()).minusDays(1));
    }

    /**
     * @param start first day
     * @param end last day, inclusive
     * @return the ISO weeks touching the range, as {@code year * 100 + week}
     */
    static List<Integer> weeks(LocalDate start, LocalDate end) {
        Set<Integer> keys = new LinkedHashSet<>();
        for (LocalDate d = start; !d.isAfter(end); d = d.plusDays(1)) {
            keys.add(d.get(IsoFields.WEEK_BASED_YEAR) * 100 + d.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
        }
        return new ArrayList<>(keys);
    }

    /**
     * Checks the run and sends the signal when it is complete and not sent yet.
     *
     * @return true when this call sent it
     * @throws SQLException when PostgreSQL fails
     */
    public boolean check() throws SQLException {
        if (!config.run().enabled()) {
            return false;
        }
        List<String> tickers = registry.active().stream().map(Company::ticker).toList();
        if (tickers.isEmpty() || end().isBefore(config.run().start())) {
            return false;
        }
        List<Integer> weeks = weeks(config.run().start(), end());
        long expected = (long) tickers.size() * weeks.size();
        long done = runs.aggregatedUnits(tickers, weeks);
        if (done < expected) {
            return false;
        }
        String runId = runId();
        boolean sent = runs.completeOnce(runId, expected, (id, units, rows) -> {
            StartModelSignal signal = new StartModelSignal(ContractRecord.CURRENT_SCHEMA_VERSION, StartModelSignal.COMPLETE,
                    Instant.now(), units, "Historical data aggregation completed successfully", id, rows);
            outbox.sendAndWait(config.topics().startModel(), ContractJson.toBytes(signal));
        });
        if (sent) {
            metrics.runCompleted(Instant.now().getEpochSecond());
            Log.infof("[check] - run %s complete: %d ticker-weeks, start_model sent", runId, expected);
        }
        return sent;
    }
}
