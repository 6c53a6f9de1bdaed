package io.marketflow.ingest.market.client.alpaca;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;

import io.marketflow.contract.Trade;
import io.marketflow.ingest.market.config.MarketConfig;
import io.quarkus.logging.Log;

/**
 * Opens connections to Alpaca's real-time market data stream ({@code <url>/<feed>}) over the JDK WebSocket client and
 * speaks its protocol: authenticates on the server's "connected", decodes frames into trades and control messages, and
 * serializes the client's sends. Reconnecting is the caller's decision. The keys are sent, never logged.
 */
@ApplicationScoped
public class AlpacaStreamClient {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
    private final URI uri;
    private final String key;
    private final String secret;

    public AlpacaStreamClient(MarketConfig config) {
        String base = config.realtime().url().replaceAll("/+$", "");
        this.uri = URI.create(base + "/" + config.alpaca().feed());
        this.key = config.alpaca().keyId().orElse("");
        this.secret = config.alpaca().secretKey().orElse("");
    }

    /**
     * @return the stream's address (no secrets in it)
     */
    public URI uri() {
        return uri;
    }

    /**
     * Opens a connection; authentication follows by itself once the server says "connected".
     *
     * @param listener receives the connection's events; {@link Listener#onClosed} exactly once
     * @return the connection, once the WebSocket handshake completed
     */
    public CompletableFuture<Connection> connect(Listener listener) {
        Connection connection = new Connection(listener);
        return http.newWebSocketBuilder().connectTimeout(CONNECT_TIMEOUT).buildAsync(uri, connection.frames())
                .thenApply(webSocket -> connection);
    }

    /** The events of one connection, called on the WebSocket client's threads, one frame at a time. */
    public interface Listener {

        /** @param connection authenticated: ready for subscriptions */
        void onAuthenticated(Connection connection);

        /**
         * @param connection the connection
         * @param trades every symbol now subscribed for trades
         */
        void onSubscription(Connection connection, List<String> trades);

        /**
         * @param connection the connection
         * @param trades the trades of one frame, in order
         */
        void onTrades(Connection connection, List<Trade> trades);

        /**
         * @param connection the connection
         * @param code Alpaca's error code (402 auth failed, 406 connection limit, …)
         * @param message its text
         */
        void onError(Connection connection, int code, String message);

        /**
         * @param connection the connection, now closed
         * @param reason why, for the log
         */
        void onClosed(Connection connection, String reason);
    }

    /** One WebSocket connection to the stream. */
    public final class Connection {

        private final Listener listener;
        private final AtomicBoolean closed = new AtomicBoolean();
        private final StringBuilder partial = new StringBuilder();
        private volatile WebSocket webSocket;
        private CompletableFuture<?> lastSend = CompletableFuture.completedFuture(null);

        private Connection(Listener listener) {
            this.listener = listener;
        }

        /**
         * @param symbols symbols to add to the trade subscription
         */
        public void subscribe(Collection<String> symbols) {
            send(AlpacaStreamCodec.subscribe("subscribe", symbols));
        }

        /**
         * @param symbols symbols to remove from the trade subscription
         */
        public void unsubscribe(Collection<String> symbols) {
            send(AlpacaStreamCodec.subscribe("unsubscribe", symbols));
        }

        /** Closes the connection; {@link Listener#onClosed} is called with reason {@code closed by client}. */
        public void close() {
            WebSocket ws = webSocket;
            if (ws != null && !ws.isOutputClosed()) {
                ws.sendClose(WebSocket.NORMAL_CLOSURE, "").orTimeout(5, TimeUnit.SECONDS).whenComplete((r, e) -> ws.abort());
            }
            closed("closed by client");
        }

        /**
         * @return true once closed by either side
         */
        public boolean isClosed() {
            return closed.get();
        }

        private synchronized void send(String text) {
            WebSocket ws = webSocket;
            if (ws == null || closed.get()) {
                return;
            }
            // The JDK client allows one outstanding send at a time: chain them.
            lastSend = lastSend.handle((r, e) -> null).thenCompose(ignored -> ws.sendText(text, true))
                    .whenComplete((r, e) -> {
                        if (e != null) {
                            Log.warnf("[send] - stream send failed: %s", e.getMessage());
                        }
                    });
        }

        private void closed(String reason) {
            if (closed.compareAndSet(false, true)) {
                listener.onClosed(this, reason);
            }
        }

        private void handle(String frame) {
            List<AlpacaStreamMessage> messages;
            try {
                messages = AlpacaStreamCodec.decode(frame);
            } catch (RuntimeException e) {
                Log.warnf("[handle] - frame ignored (%s): %.200s", e.getMessage(), frame);
                return;
            }
            List<Trade> trades = new ArrayList<>();
            // Java 17: no pattern matching in switch yet.
            for (AlpacaStreamMessage message : messages) {
                if (message instanceof AlpacaStreamMessage.TradeMessage t) {
                    trades.add(t.trade());
                } else if (message instanceof AlpacaStreamMessage.Connected) {
                    send(AlpacaStreamCodec.auth(key, secret));
                } else if (message instanceof AlpacaStreamMessage.Authenticated) {
                    listener.onAuthenticated(this);
                } else if (message instanceof AlpacaStreamMessage.Subscription s) {
                    listener.onSubscription(this, s.trades());
                } else if (message instanceof AlpacaStreamMessage.StreamError e) {
                    listener.onError(this, e.code(), e.message());
                    if (e.code() == AlpacaStreamMessage.StreamError.AUTH_FAILED
                            || e.code() == AlpacaStreamMessage.StreamError.CONNECTION_LIMIT) {
                        // The server ends such a session anyway; closing now makes the retry the caller's, with backoff.
                        abort("error " + e.code() + " " + e.message());
                    }
                }
                // Other (quotes, bars, corrections): not subscribed, not used.
            }
            if (!trades.isEmpty()) {
                listener.onTrades(this, trades);
            }
        }

        private void abort(String reason) {
            WebSocket ws = webSocket;
            if (ws != null) {
                ws.abort();
            }
            closed(reason);
        }

        private WebSocket.Listener frames() {
            return new WebSocket.Listener() {
                @Override
                public void onOpen(WebSocket ws) {
                    webSocket = ws;
                    ws.request(1);
                }

                @Override
                public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                    partial.append(data);
                    if (last) {
                        String frame = partial.toString();
                        partial.setLength(0);
                        handle(frame);
                    }
                    ws.request(1);
                    return null;
                }

                @Override
                public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
                    closed("closed by server (" + statusCode + (reason.isEmpty() ? "" : " " + reason) + ")");
                    return null;
                }

                @Override
                public void onError(WebSocket ws, Throwable error) {
                    closed("connection error: " + error);
                }
            };
        }
    }
}
