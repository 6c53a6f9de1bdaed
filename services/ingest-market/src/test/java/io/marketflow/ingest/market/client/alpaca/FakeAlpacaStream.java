package io.marketflow.ingest.market.client.alpaca;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.ServerWebSocket;

/**
 * A local WebSocket server speaking Alpaca's stream protocol on a dynamic port (Vert.x, its own event loop): sends
 * "connected", checks the keys ({@link #KEY}/{@link #SECRET}) or fails the next auths with 402 on demand, answers
 * subscriptions with the full set, and lets a test push frames or drop every connection.
 */
public final class FakeAlpacaStream implements AutoCloseable {

    /** The key id the server accepts. */
    public static final String KEY = "stream-test-key";
    /** The secret the server accepts. */
    public static final String SECRET = "stream-test-secret";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;
    private final List<ServerWebSocket> authenticated = new CopyOnWriteArrayList<>();
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger authAttempts = new AtomicInteger();
    private final AtomicInteger subscriptions = new AtomicInteger();
    private final AtomicInteger authFailuresToSend = new AtomicInteger();
    private volatile Set<String> subscribed = Set.of();

    public FakeAlpacaStream() throws Exception {
        // Upgrade from the request handler: inside a Quarkus test JVM the upgrade request reaches the request handler
        // (a null one fails the handshake), so do not rely on webSocketHandler alone.
        server = vertx.createHttpServer()
                .requestHandler(request -> request.toWebSocket().onSuccess(this::accept)
                        .onFailure(e -> request.response().setStatusCode(400).end()))
                .listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** @return {@code ws://127.0.0.1:<port>/v2}: the client appends the feed */
    public String url() {
        return "ws://127.0.0.1:" + server.actualPort() + "/v2";
    }

    private void accept(ServerWebSocket ws) {
        connections.incrementAndGet();
        ws.writeTextMessage("[{\"T\":\"success\",\"msg\":\"connected\"}]");
        ws.textMessageHandler(text -> onText(ws, text));
        ws.closeHandler(v -> authenticated.remove(ws));
    }

    private void onText(ServerWebSocket ws, String text) {
        received.add(text.contains("secret") ? text.replaceAll("\"secret\":\"[^\"]*\"", "\"secret\":\"***\"") : text);
        try {
            JsonNode message = JSON.readTree(text);
            switch (message.path("action").asText()) {
                case "auth" -> {
                    authAttempts.incrementAndGet();
                    boolean keysOk = KEY.equals(message.path("key").asText()) && SECRET.equals(message.path("secret").asText());
                    if (authFailuresToSend.getAndUpdate(n -> Math.max(0, n - 1)) > 0 || !keysOk) {
                        ws.writeTextMessage("[{\"T\":\"error\",\"code\":402,\"msg\":\"auth failed\"}]");
                    } else {
                        authenticated.add(ws);
                        ws.writeTextMessage("[{\"T\":\"success\",\"msg\":\"authenticated\"}]");
                    }
                }
                case "subscribe", "unsubscribe" -> {
                    var symbols = new java.util.LinkedHashSet<>(subscribed);
                    message.path("trades").forEach(s -> {
                        if ("subscribe".equals(message.path("action").asText())) {
                            symbols.add(s.asText());
                        } else {
                            symbols.remove(s.asText());
                        }
                    });
                    subscribed = Set.copyOf(symbols);
                    subscriptions.incrementAndGet();
                    var reply = JSON.createObjectNode().put("T", "subscription");
                    symbols.forEach(reply.putArray("trades")::add);
                    reply.putArray("quotes");
                    reply.putArray("bars");
                    ws.writeTextMessage(JSON.createArrayNode().add(reply).toString());
                }
                default -> ws.writeTextMessage("[{\"T\":\"error\",\"code\":400,\"msg\":\"invalid syntax\"}]");
            }
        } catch (Exception e) {
            ws.writeTextMessage("[{\"T\":\"error\",\"code\":400,\"msg\":\"invalid syntax\"}]");
        }
    }

    /**
     * @param frame a text frame to send to every authenticated connection
     * @return how many connections it was sent to
     */
    public int sendToAll(String frame) {
        authenticated.forEach(ws -> ws.writeTextMessage(frame));
        return authenticated.size();
    }

    /** Closes every connection from the server side, as Alpaca does on maintenance. */
    public void dropAll() {
        authenticated.forEach(ws -> ws.close());
        authenticated.clear();
    }

    /** @param count how many of the next auth messages to answer with 402 */
    public void failNextAuths(int count) {
        authFailuresToSend.set(count);
    }

    public int connections() {
        return connections.get();
    }

    public int authAttempts() {
        return authAttempts.get();
    }

    public int subscriptions() {
        return subscriptions.get();
    }

    public int authenticatedConnections() {
        return authenticated.size();
    }

    public Set<String> subscribed() {
        return subscribed;
    }

    /** @return every client message received, secrets masked */
    public List<String> received() {
        return received;
    }

    @Override
    public void close() throws Exception {
        server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
