package io.marketflow.aggregator.messaging;

import java.sql.SQLException;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import io.marketflow.aggregator.config.AggregatorConfig;
import io.marketflow.aggregator.domain.PointInTimeContext;
import io.marketflow.aggregator.repository.ContextRepository;

/**
 * The context snapshot the bar loop joins: re-read from the context tables when this instance wrote context since, or
 * every {@code refresh-interval} (other instances write the same tables).
 */
@ApplicationScoped
public class ContextSnapshots {

    private final ContextRepository repository;
    private final ContextIngestor ingestor;
    private final AggregatorConfig config;
    private PointInTimeContext snapshot;
    private long loadedVersion = -1;
    private Instant loadedAt = Instant.EPOCH;

    public ContextSnapshots(ContextRepository repository, ContextIngestor ingestor, AggregatorConfig config) {
        this.repository = repository;
        this.ingestor = ingestor;
        this.config = config;
    }

    /**
     * @return the current snapshot (called from the bar loop's thread only)
     * @throws SQLException when PostgreSQL fails
     */
    public PointInTimeContext current() throws SQLException {
        long v = ingestor.version();
        Instant now = Instant.now();
        if (snapshot == null || v != loadedVersion || now.isAfter(loadedAt.plus(config.context().refreshInterval()))) {
            snapshot = repository.load(config.context().macroLagDays());
            loadedVersion = v;
            loadedAt = now;
        }
        return snapshot;
    }
}
