package io.marketflow.ingest.market.messaging;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.marketflow.contract.Trade;
import io.marketflow.ingest.market.client.alpaca.AlpacaStreamClient;
import io.marketflow.ingest.market.client.alpaca.AlpacaStreamClient.Connection;
import io.marketflow.ingest.market.config.MarketConfig;
import io.marketflow.ingest.market.domain.ReconnectBackoff;
import io.marketflow.ingest.market.domain.SessionOwnership;
import io.marketflow.registry.Company;
import io.marketflow.registry.CompanyRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Streams real trades of the active tickers from Alpaca during the regular session (the original
 * {@code producer_stockdata_real}): connects {@code connect-ahead} before the open, disconnects {@code disconnect-after}
 * the close, reconnects with jittered exponential backoff, keeps the subscription equal to the first {@code max-symbols}
 * active tickers, and publishes only trades stamped inside the session, which the real stream owns.
 */
@ApplicationScoped
public class RealtimeTradeStream implements AlpacaStreamClient.Listener {

    /** Real trades received; tag {@code outcome}: {@code published}, {@code rejected} or {@code outside-session}. */
    public static final String TRADES = "marketflow.realtime.trades";
    /** Errors sent by the server; tag {@code code} (402 auth failed, 406 connection limit, …). */
    public static final String ERRORS = "marketflow.realtime.errors";
    /** Connections lost or refused, each followed by a reconnect after a backoff. */
    public static final String RECONNECTS = "marketflow.realtime.reconnects";

    private static final Duration TICK = Duration.ofMillis(500);

    private final MarketConfig.Realtime config;
    private final SessionOwnership ownership;
    private final Clock clock;
    private final CompanyRegistry registry;
    private final AlpacaStreamClient client;
    private final RealTradeSender sender;
    private final RealtimeStatus status;
    private final MeterRegistry meters;
    private final ReconnectBackoff backoff;
    private ScheduledExecutorService executor;

    // Guarded by this: the current connection and what was asked of it.
    private Connection connection;
    private boolean connecting;
    private boolean authenticated;
    private boolean connectionLimitHit;
    private Instant nextAttempt = Instant.EPOCH;
    private Set<String> requested = Set.of();
    private Set<String> leftOutLogged = Set.of();

    public RealtimeTradeStream(MarketConfig config, SessionOwnership ownership, Clock clock, CompanyRegistry registry,
            AlpacaStreamClient client, RealTradeSender sender, RealtimeStatus status, MeterRegistry meters) {
        this.config = config.realtime();
        this.ownership = ownership;
        this.clock = clock;
        this.registry = registry;
        this.client = client;
        this.sender = sender;
        this.status = status;
        this.meters = meters;
        this.backoff = new ReconnectBackoff(this.config.reconnectInitialBackoff(), this.config.reconnectMaxBackoff(),
                this.config.connectionLimitBackoff(), () -> ThreadLocalRandom.current().nextDouble());
    }

    void onStart(@Observes StartupEvent event) {
        if (!ownership.realtimeAvailable()) {
            Log.infof("[onStart] - real-time trades disabled (%s): the synthetic generator owns every instant",
                    config.enabled() ? "no ALPACA_API_KEY_ID / ALPACA_API_SECRET_KEY" : "marketflow.market.realtime.enabled=false");
            return;
        }
        Log.infof("[onStart] - real-time trades from %s during the regular session, up to %d symbols", client.uri(), config.maxSymbols());
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "realtime-stream");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(this::tick, 0, TICK.toMillis(), TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (executor != null) {
            executor.shutdownNow();
        }
        disconnect("shutdown");
    }

    /** One supervision step: connect or disconnect by the session window, retry after the backoff, follow the registry. */
    void tick() {
        try {
            Instant now = clock.instant();
            if (!ownership.streamWindowContains(now, config.connectAhead(), config.disconnectAfter())) {
                disconnect("outside the session window");
                return;
            }
            synchronized (this) {
                if (connection == null && !connecting && !now.isBefore(nextAttempt)) {
                    connect();
                } else if (authenticated) {
                    syncSubscription(connection);
                }
            }
        } catch (RuntimeException e) {
            Log.warnf(e, "[tick] - %s", e.getMessage());
        }
    }

    private void connect() {
        connecting = true;
        Log.debugf("[connect] - connecting to %s", client.uri());
        client.connect(this).whenComplete((opened, failure) -> {
            synchronized (this) {
                connecting = false;
                if (failure != null) {
                    scheduleReconnect("connect failed: " + rootMessage(failure));
                } else if (!opened.isClosed()) {
                    connection = opened;
                }
            }
        });
    }

    private void disconnect(String why) {
        Connection current;
        synchronized (this) {
            current = connection;
            forget();
        }
        if (current != null) {
            Log.infof("[disconnect] - closing the real-time stream: %s", why);
            current.close();
        }
    }

    private void forget() {
        connection = null;
        authenticated = false;
        requested = Set.of();
        status.connected(false);
        status.subscribed(List.of());
    }

    private void scheduleReconnect(String why) {
        Duration delay = connectionLimitHit ? backoff.afterConnectionLimit() : backoff.nextDelay();
        connectionLimitHit = false;
        nextAttempt = clock.instant().plus(delay);
        meters.counter(RECONNECTS).increment();
        Log.warnf("[reconnect] - real-time stream %s; reconnecting in %d ms", why, delay.toMillis());
    }

    private void syncSubscription(Connection current) {
        List<String> active = registry.active().stream().sorted(Comparator.comparingInt(Company::tickerId)).map(Company::ticker).toList();
        Set<String> wanted = new LinkedHashSet<>(active.subList(0, Math.min(active.size(), config.maxSymbols())));
        Set<String> leftOut = new LinkedHashSet<>(active.subList(wanted.size(), active.size()));
        if (!leftOut.equals(leftOutLogged)) {
            leftOutLogged = leftOut;
            if (!leftOut.isEmpty()) {
                Log.warnf("[subscribe] - symbol limit %d: %d active tickers left out of the real-time stream: %s",
                        config.maxSymbols(), leftOut.size(), leftOut);
            }
        }
        if (wanted.equals(requested)) {
            return;
        }
        Set<String> removed = requested.stream().filter(t -> !wanted.contains(t)).collect(Collectors.toCollection(LinkedHashSet::new));
        Set<String> added = wanted.stream().filter(t -> !requested.contains(t)).collect(Collectors.toCollection(LinkedHashSet::new));
        if (!removed.isEmpty()) {
            current.unsubscribe(removed);
        }
        if (!added.isEmpty()) {
            current.subscribe(added);
        }
        Log.infof("[subscribe] - trades: +%s -%s", added, removed);
        requested = Set.copyOf(wanted);
    }

    @Override
    public void onAuthenticated(Connection opened) {
        synchronized (this) {
            if (opened.isClosed()) {
                return;
            }
            // The handshake future may complete after the first frames: adopt the connection here too.
            connection = opened;
            authenticated = true;
            requested = Set.of();
            backoff.reset();
            status.connected(true);
            Log.infof("[onAuthenticated] - real-time stream authenticated");
            syncSubscription(opened);
        }
    }

    @Override
    public void onSubscription(Connection opened, List<String> trades) {
        status.subscribed(trades);
        Log.infof("[onSubscription] - subscribed to trades of %d symbols", trades.size());
    }

    @Override
    public void onTrades(Connection opened, List<Trade> trades) {
        Set<String> known = registry.active().stream().map(Company::ticker).collect(Collectors.toSet());
        for (Trade trade : trades) {
            status.tradeReceived();
            String outcome;
            if (ownership.ownerAt(trade.timestamp()) != SessionOwnership.Owner.REAL) {
                // Stamped outside [open, close): that instant belongs to the synthetic generator. Counted, not published.
                outcome = "outside-session";
            } else {
                outcome = sender.send(trade, known) ? "published" : "rejected";
            }
            meters.counter(TRADES, "outcome", outcome).increment();
        }
    }

    @Override
    public void onError(Connection opened, int code, String message) {
        meters.counter(ERRORS, "code", String.valueOf(code)).increment();
        switch (code) {
            case 402 -> Log.errorf("[onError] - Alpaca refused the keys (402 %s): check ALPACA_API_KEY_ID and ALPACA_API_SECRET_KEY; "
                    + "retrying with backoff", message);
            case 406 -> {
                synchronized (this) {
                    connectionLimitHit = true;
                }
                Log.errorf("[onError] - Alpaca's connection limit is reached (406 %s): another client holds the plan's "
                        + "connection; waiting at least %s", message, config.connectionLimitBackoff());
            }
            case 405 -> Log.errorf("[onError] - symbol limit exceeded (405 %s): lower marketflow.market.realtime.max-symbols", message);
            default -> Log.errorf("[onError] - real-time stream error %d: %s", code, message);
        }
    }

    @Override
    public void onClosed(Connection closed, String reason) {
        synchronized (this) {
            if (closed != connection && connection != null) {
                return;
            }
            // Closed by us (disconnect already forgot it) needs no retry.
            if (connection == null && "closed by client".equals(reason)) {
                return;
            }
            forget();
            scheduleReconnect(reason);
        }
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.toString();
    }
}
