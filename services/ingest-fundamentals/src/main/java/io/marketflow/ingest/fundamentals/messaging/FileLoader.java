package io.marketflow.ingest.fundamentals.messaging;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.marketflow.contract.FundamentalsRecord;
import io.marketflow.ingest.fundamentals.client.FundamentalsFile;
import io.marketflow.ingest.fundamentals.config.FundamentalsConfig;
import io.marketflow.ingest.fundamentals.domain.AvailabilityRule;
import io.marketflow.ingest.fundamentals.domain.MalformedStatementException;
import io.marketflow.ingest.fundamentals.domain.Rejected;
import io.marketflow.ingest.fundamentals.domain.StatementMapper;
import io.marketflow.ingest.fundamentals.domain.StatementVersion;
import io.marketflow.ingest.fundamentals.repository.FundamentalsProgressRepository;
import io.marketflow.registry.Company;
import io.marketflow.registry.CompanyRegistry;
import io.marketflow.registry.SchemaMigrator;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;

/**
 * Loads the original fundamentals file into {@code h_company}: every row of an active company exactly once, across
 * restarts (versions sent are in PostgreSQL). It runs on a schedule, so a company activated in {@code companies_info}
 * gets its rows without a restart.
 */
@ApplicationScoped
public class FileLoader {

    /** Rows of active companies not sent yet (0 once loaded). */
    public static final String PENDING = "marketflow.fundamentals.file.pending";
    /** Rows of the file sent so far (all time, from PostgreSQL). */
    public static final String LOADED = "marketflow.fundamentals.file.loaded";

    private static final Duration DB_TIMEOUT = Duration.ofSeconds(30);

    private final FundamentalsConfig config;
    private final CompanyRegistry registry;
    private final SchemaMigrator migrator;
    private final FundamentalsProgressRepository progress;
    private final FundamentalsSender sender;
    private final StatementMapper mapper;
    private final ObjectMapper json = new ObjectMapper();
    private final AtomicLong pending = new AtomicLong(-1);
    private final AtomicLong loaded = new AtomicLong();
    private volatile List<Map<String, Object>> rows;
    private volatile Set<StatementVersion> sent;
    private final Set<String> deadLettered = new HashSet<>();

    public FileLoader(FundamentalsConfig config, CompanyRegistry registry, SchemaMigrator migrator, FundamentalsProgressRepository progress,
            FundamentalsSender sender, MeterRegistry meters) {
        this.config = config;
        this.registry = registry;
        this.migrator = migrator;
        this.progress = progress;
        this.sender = sender;
        this.mapper = new StatementMapper(new AvailabilityRule(config.availability().fallbackDaysAfterPeriodEnd()));
        meters.gauge(PENDING, pending);
        meters.gauge(LOADED, loaded);
    }

    @Scheduled(every = "${marketflow.fundamentals.file.check-interval:10s}", delay = 1, concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        if (!config.file().enabled() || !migrator.migrated() || registry.refreshedAt() == null) {
            return;
        }
        try {
            loadNew();
        } catch (RuntimeException e) {
            // PostgreSQL or Kafka away: the next run resumes from what PostgreSQL says was sent.
            sent = null;
            Log.warnf("[load] - fundamentals file: %s; retrying at the next check", e.getMessage());
        }
    }

    /**
     * Sends the rows of active companies that were not sent before.
     *
     * @return rows sent now
     */
    public synchronized int loadNew() {
        if (rows == null) {
            rows = FundamentalsFile.readResource(config.file().resource());
            Log.infof("[load] - %s: %d rows", config.file().resource(), rows.size());
        }
        if (sent == null) {
            sent = new HashSet<>(progress.sent(StatementMapper.FILE_SOURCE).await().atMost(DB_TIMEOUT));
        }
        Set<String> active = registry.active().stream().map(Company::ticker).collect(Collectors.toSet());
        List<FundamentalsRecord> due = new ArrayList<>();
        for (Map<String, Object> row : rows) {
            String ticker = String.valueOf(row.get("symbol"));
            if (!active.contains(ticker)) {
                continue;
            }
            try {
                FundamentalsRecord record = mapper.fromFileRow(row);
                if (!sent.contains(StatementVersion.of(record))) {
                    due.add(record);
                }
            } catch (MalformedStatementException e) {
                String id = ticker + "/" + row.get("calendarYear");
                if (deadLettered.add(id)) {
                    sender.deadLetter(new Rejected(ticker, StatementMapper.FILE_SOURCE, e.getMessage(), toJson(row)));
                }
            }
        }
        pending.set(due.size());
        for (FundamentalsRecord record : due) {
            sent.add(sender.send(record));
            pending.decrementAndGet();
        }
        loaded.set(sent.size());
        if (!due.isEmpty()) {
            Log.infof("[load] - fundamentals file: sent %d rows (%d in all)", due.size(), sent.size());
        }
        return due.size();
    }

    /** Forgets the cached progress (tests, after resetting PostgreSQL). */
    public synchronized void forget() {
        sent = null;
    }

    private String toJson(Map<String, Object> row) {
        try {
            return json.writeValueAsString(row);
        } catch (JsonProcessingException e) {
            return String.valueOf(row);
        }
    }
}
