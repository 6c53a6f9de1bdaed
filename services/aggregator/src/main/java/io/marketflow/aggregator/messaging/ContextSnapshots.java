package io.marketflow.aggregator.messaging;

import java.sql.SQLException;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import io.marketflow.aggregator.config.AggregatorConfig;
import io.marketflow.aggregator.domain.PointInTimeContext;
import io.marketflow.aggregator.repository.ContextRepository;

/**
 * The context snapshot the bar loop joins: re-read from the context tables when this instance wrote context since, or
 * every {@code refresh-interval} (other instances write the same tables), and before a unit whenever the database's
 * context version moved since (so a unit never joins context older than a correction that already ran).
 */
@ApplicationScoped
public class ContextSnapshots {

    private final ContextRepository repository;
    private final ContextIngestor ingestor;
    private final AggregatorConfig config;
    private PointInTimeContext snapshot;
    private static final long UNKNOWN = Long.MIN_VALUE;
    private long loadedVersion = -1;
    private long loadedContextVersion = UNKNOWN;
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
        return current(UNKNOWN);
    }

    /**
     * @param contextVersion the database's context version, read under {@link io.marketflow.aggregator.repository.ContextFence}:
     *        a snapshot loaded at another version is reloaded (another instance's write, a correction)
     * @return the current snapshot (called from the bar loop's thread only)
     * @throws SQLException when PostgreSQL fails
     */
    public PointInTimeContext current(long contextVersion) throws SQLException {
        long v = ingestor.version();
        Instant now = Instant.now();
        if (snapshot == null || v != loadedVersion || (contextVersion != UNKNOWN && contextVersion != loadedContextVersion)
                || now.isAfter(loadedAt.plus(config.context().refreshInterval()))) {
            snapshot = repository.load(config.context().macroLagDays());
            loadedVersion = v;
            loadedContextVersion = contextVersion;
            loadedAt = now;
        }
        return snapshot;
    }
}
