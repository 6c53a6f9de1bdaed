package io.marketflow.registry;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/**
 * The active companies as last read from {@code companies_info}, refreshed on a schedule so that activating or
 * deactivating a company takes effect without a restart. Readers never wait on the database: they get the last
 * snapshot, which stays in place while PostgreSQL is unreachable.
 */
@ApplicationScoped
public class CompanyRegistry {

    private final CompanyRepository repository;
    private final SchemaMigrator migrator;
    private volatile Snapshot snapshot = new Snapshot(List.of(), null);

    public CompanyRegistry(CompanyRepository repository, SchemaMigrator migrator) {
        this.repository = repository;
        this.migrator = migrator;
    }

    /**
     * @return the active companies of the last successful read; empty before the first one
     */
    public List<Company> active() {
        return snapshot.companies();
    }

    /**
     * @return when the active companies were last read successfully, or null if never
     */
    public Instant refreshedAt() {
        return snapshot.readAt();
    }

    /**
     * Re-reads the active companies now.
     *
     * @return the new snapshot's companies, once it is in place
     */
    public Uni<List<Company>> refresh() {
        return repository.findActive().invoke(companies -> {
            if (!companies.equals(snapshot.companies())) {
                Log.infof("[refresh] - %d active companies", companies.size());
            }
            snapshot = new Snapshot(companies, Instant.now());
        });
    }

    void onMigrated(@Observes SchemaMigrated event) {
        scheduledRefresh().subscribe().with(ignored -> {
        });
    }

    @Scheduled(every = "${marketflow.registry.refresh-interval:10s}", delay = 0, concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduledRefresh() {
        if (!migrator.migrated()) {
            return Uni.createFrom().voidItem();
        }
        return refresh()
                .onFailure().invoke(e -> Log.warnf("[refresh] - keeping the last %d companies: %s", snapshot.companies().size(),
                        e.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    private record Snapshot(List<Company> companies, Instant readAt) {
    }
}
