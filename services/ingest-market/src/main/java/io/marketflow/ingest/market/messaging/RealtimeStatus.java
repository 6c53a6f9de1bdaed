package io.marketflow.ingest.market.messaging;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;

import io.marketflow.calendar.MarketCalendar;
import io.marketflow.calendar.TradingSession;
import io.marketflow.ingest.market.config.MarketConfig;
import io.marketflow.ingest.market.domain.SessionOwnership;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The real-time stream's observable state: when the last real trade arrived, whether the stream is connected and what is
 * subscribed; exposes the staleness gauge and decides whether the stream is stale (for the readiness check).
 */
@ApplicationScoped
public class RealtimeStatus {

    /** Seconds since the last real trade arrived (since startup before the first). */
    public static final String SECONDS_SINCE_LAST_TRADE = "marketflow.realtime.seconds.since.last.trade";
    /** 1 while an authenticated connection is open. */
    public static final String CONNECTED = "marketflow.realtime.connected";
    /** Symbols the server confirmed as subscribed. */
    public static final String SUBSCRIBED = "marketflow.realtime.subscribed.symbols";

    private final Clock clock;
    private final MarketCalendar calendar;
    private final SessionOwnership ownership;
    private final Duration staleAfter;
    private final Instant startedAt;
    private final AtomicReference<Instant> lastTradeAt = new AtomicReference<>();
    private volatile boolean connected;
    private volatile List<String> subscribed = List.of();

    public RealtimeStatus(Clock clock, MarketCalendar calendar, SessionOwnership ownership, MarketConfig config, MeterRegistry registry) {
        this.clock = clock;
        this.calendar = calendar;
        this.ownership = ownership;
        this.staleAfter = config.realtime().staleAfter();
        this.startedAt = clock.instant();
        Gauge.builder(SECONDS_SINCE_LAST_TRADE, this, s -> s.secondsSinceLastTrade(s.clock.instant())).register(registry);
        Gauge.builder(CONNECTED, this, s -> s.connected ? 1 : 0).register(registry);
        Gauge.builder(SUBSCRIBED, this, s -> s.subscribed.size()).register(registry);
    }

    /** Called for every real trade received, valid or not. */
    public void tradeReceived() {
        lastTradeAt.set(clock.instant());
    }

    void connected(boolean value) {
        connected = value;
    }

    void subscribed(List<String> symbols) {
        subscribed = List.copyOf(symbols);
    }

    /**
     * @param now now
     * @return seconds since the last real trade, or since startup when none arrived yet
     */
    public double secondsSinceLastTrade(Instant now) {
        Instant last = lastTradeAt.get();
        return Duration.between(last == null ? startedAt : last, now).toMillis() / 1000.0;
    }

    /**
     * Stale means: the real-time stream owns now (inside the session, stream available) and no trade arrived for longer
     * than {@code stale-after}, counted from the latest of the last trade, the session's open and startup, so the
     * first minutes of a session or of a restart are not stale by definition.
     *
     * @param now now
     * @return true when the stream is stale
     */
    public boolean stale(Instant now) {
        if (ownership.ownerAt(now) != SessionOwnership.Owner.REAL) {
            return false;
        }
        Instant since = startedAt;
        Instant open = calendar.sessionAt(now).map(TradingSession::openInstant).orElse(now);
        since = open.isAfter(since) ? open : since;
        Instant last = lastTradeAt.get();
        since = last != null && last.isAfter(since) ? last : since;
        return Duration.between(since, now).compareTo(staleAfter) > 0;
    }

    /**
     * @return true while an authenticated connection is open
     */
    public boolean connected() {
        return connected;
    }

    /**
     * @return the symbols the server confirmed
     */
    public List<String> subscribed() {
        return subscribed;
    }

    /**
     * @return how long without a trade makes the stream stale
     */
    public Duration staleAfter() {
        return staleAfter;
    }
}
