package io.marketflow.registry;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;

import org.flywaydb.core.Flyway;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Applies the schema migrations (this module's {@code db/migration}) at startup, retrying with backoff while
 * PostgreSQL is unreachable instead of failing startup: a service whose database is down starts, reports not ready,
 * and becomes ready when the database returns (no crash loop).
 */
@ApplicationScoped
public class SchemaMigrator {

    private static final Duration FIRST_BACKOFF = Duration.ofMillis(500);

    private final Flyway flyway;
    private final RegistryConfig config;
    private final Event<SchemaMigrated> migratedEvent;
    private final AtomicReference<String> lastError = new AtomicReference<>("not migrated yet");
    private volatile boolean migrated;
    private volatile Thread worker;

    public SchemaMigrator(Flyway flyway, RegistryConfig config, Event<SchemaMigrated> migratedEvent) {
        this.flyway = flyway;
        this.config = config;
        this.migratedEvent = migratedEvent;
    }

    void onStart(@Observes StartupEvent event) {
        Thread thread = new Thread(this::migrateUntilDone, "schema-migrator");
        thread.setDaemon(true);
        worker = thread;
        thread.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        Thread running = worker;
        if (running != null) {
            running.interrupt();
        }
    }

    /**
     * @return true once every migration has been applied
     */
    public boolean migrated() {
        return migrated;
    }

    /**
     * @return why the schema is not migrated yet, or null when it is
     */
    public String lastError() {
        return migrated ? null : lastError.get();
    }

    private void migrateUntilDone() {
        Duration backoff = FIRST_BACKOFF;
        while (!migrated && !Thread.currentThread().isInterrupted()) {
            try {
                var result = flyway.migrate();
                migrated = true;
                Log.infof("[migrate] - schema at version %s (%d migrations applied now)", result.targetSchemaVersion,
                        result.migrationsExecuted);
                migratedEvent.fire(new SchemaMigrated(result.targetSchemaVersion));
            } catch (RuntimeException e) {
                lastError.set(e.getMessage());
                Log.warnf("[migrate] - PostgreSQL not ready (%s), retrying in %s", e.getMessage(), backoff);
                try {
                    Thread.sleep(backoff.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                }
                backoff = min(backoff.multipliedBy(2), config.migrationMaxBackoff());
            }
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
