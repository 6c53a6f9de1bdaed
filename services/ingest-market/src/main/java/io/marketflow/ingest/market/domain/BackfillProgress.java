package io.marketflow.ingest.market.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How far a backfill is, per ticker and overall, with the rate of this run and the time left at that rate.
 * Thread-safe: workers complete tasks while the log, the metrics and the HTTP endpoint read it.
 */
public final class BackfillProgress {

    /** What the backfill is doing. */
    public enum State {
        /** Not started yet (waiting for the schema and the registry). */
        WAITING,
        /** Off: disabled by configuration or its provider has no key. */
        DISABLED,
        /** Sending weeks. */
        RUNNING,
        /** Every week up to the end date is in Kafka. */
        DONE,
        /** Stopped before the end (shutdown). */
        STOPPED
    }

    private final Map<String, AtomicInteger> totalByTicker = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> doneByTicker = new ConcurrentHashMap<>();
    private final AtomicLong doneThisRun = new AtomicLong();
    private volatile State state = State.WAITING;
    private volatile String detail = "";
    private volatile Instant runStart;

    /**
     * Starts a run.
     *
     * @param totals tasks (ticker-weeks) per ticker
     * @param alreadyDone tasks per ticker completed by earlier runs
     */
    public void start(Map<String, Integer> totals, Map<String, Integer> alreadyDone) {
        totalByTicker.clear();
        doneByTicker.clear();
        totals.forEach((ticker, n) -> totalByTicker.put(ticker, new AtomicInteger(n)));
        totals.keySet().forEach(ticker -> doneByTicker.put(ticker, new AtomicInteger(alreadyDone.getOrDefault(ticker, 0))));
        doneThisRun.set(0);
        runStart = Instant.now();
        state(State.RUNNING, "");
    }

    /**
     * @param ticker the ticker whose week just reached Kafka
     */
    public void completed(String ticker) {
        doneByTicker.computeIfAbsent(ticker, t -> new AtomicInteger()).incrementAndGet();
        doneThisRun.incrementAndGet();
    }

    /**
     * @param state the new state
     * @param detail why, for people (e.g. the disabled provider's reason)
     */
    public void state(State state, String detail) {
        this.state = state;
        this.detail = detail;
    }

    /**
     * @return tasks of the run
     */
    public long total() {
        return totalByTicker.values().stream().mapToLong(AtomicInteger::get).sum();
    }

    /**
     * @return tasks completed, earlier runs included
     */
    public long done() {
        return doneByTicker.values().stream().mapToLong(AtomicInteger::get).sum();
    }

    /**
     * @return tasks left
     */
    public long pending() {
        return Math.max(0, total() - done());
    }

    /**
     * @return a consistent-enough picture for people
     */
    public Snapshot snapshot() {
        long total = total();
        long done = done();
        double elapsedMinutes = runStart == null ? 0 : Duration.between(runStart, Instant.now()).toMillis() / 60_000.0;
        double perMinute = elapsedMinutes > 0 ? doneThisRun.get() / elapsedMinutes : 0;
        Long etaSeconds = perMinute > 0 ? Math.round((total - done) / perMinute * 60) : null;
        Map<String, TickerProgress> tickers = new TreeMap<>();
        totalByTicker.forEach((ticker, t) -> {
            int d = doneByTicker.getOrDefault(ticker, new AtomicInteger()).get();
            tickers.put(ticker, new TickerProgress(d, t.get(), percent(d, t.get())));
        });
        return new Snapshot(state, detail, total, done, total - done, percent(done, total), perMinute, etaSeconds, tickers);
    }

    private static double percent(long done, long total) {
        return total == 0 ? 100.0 : Math.round(10_000.0 * done / total) / 100.0;
    }

    /**
     * @param state what the backfill is doing
     * @param detail why, for people
     * @param totalTasks ticker-weeks of the run
     * @param completedTasks ticker-weeks done, earlier runs included
     * @param pendingTasks ticker-weeks left
     * @param percent completed share, 0–100
     * @param tasksPerMinute completion rate of this run
     * @param etaSeconds time left at that rate, null before the first completion
     * @param tickers per-ticker progress
     */
    public record Snapshot(State state, String detail, long totalTasks, long completedTasks, long pendingTasks, double percent,
            double tasksPerMinute, Long etaSeconds, Map<String, TickerProgress> tickers) {
    }

    /**
     * @param completed weeks done
     * @param total weeks of the run
     * @param percent completed share, 0–100
     */
    public record TickerProgress(int completed, int total, double percent) {
    }
}
