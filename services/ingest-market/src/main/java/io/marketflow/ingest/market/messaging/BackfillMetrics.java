package io.marketflow.ingest.market.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import io.marketflow.ingest.market.domain.BackfillProgress;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The backfill's meters ({@code marketflow.backfill.*}, tag {@code source}); the deploy alerts use
 * {@code marketflow_backfill_pending_tasks} and {@code marketflow_backfill_completed_total}.
 */
@ApplicationScoped
public class BackfillMetrics {

    private final MeterRegistry registry;

    public BackfillMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * Registers the gauges that read a run's progress.
     *
     * @param source the provider
     * @param progress the run's progress
     */
    void watch(String source, BackfillProgress progress) {
        Gauge.builder("marketflow.backfill.pending.tasks", progress, BackfillProgress::pending).tag("source", source)
                .description("ticker-weeks not in Kafka yet").register(registry);
        Gauge.builder("marketflow.backfill.total.tasks", progress, BackfillProgress::total).tag("source", source).register(registry);
        Gauge.builder("marketflow.backfill.progress.ratio", progress, p -> p.total() == 0 ? 1 : (double) p.done() / p.total())
                .tag("source", source).register(registry);
        Gauge.builder("marketflow.backfill.eta.seconds", progress, p -> {
            Long eta = p.snapshot().etaSeconds();
            return eta == null ? Double.NaN : eta;
        }).tag("source", source).register(registry);
        // Present at 0 from the start so the "no progress" alert has a series to compute increase() on.
        completed(source, 0);
    }

    void completed(String source, int tasks) {
        registry.counter("marketflow.backfill.completed", "source", source).increment(tasks);
    }

    void bars(String source, int bars) {
        registry.counter("marketflow.backfill.bars", "source", source).increment(bars);
    }

    void rejected(String source, String reason) {
        // Only the reason's kind, before the colon: a small, fixed set of tag values.
        registry.counter("marketflow.backfill.rejected", "source", source, "reason", reason.split(":", 2)[0]).increment();
    }

    void extendedHours(String source, int bars) {
        registry.counter("marketflow.backfill.extended.hours.bars", "source", source).increment(bars);
    }

    void priceJumps(String source, int jumps) {
        registry.counter("marketflow.backfill.price.jumps", "source", source).increment(jumps);
    }
}
