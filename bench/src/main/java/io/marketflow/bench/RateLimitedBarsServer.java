package io.marketflow.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.marketflow.calendar.MarketCalendar;
import io.marketflow.calendar.TradingSession;

/**
 * A stand-in for Alpaca's {@code GET /v2/stocks/bars} on a JDK HttpServer that enforces a fixed-window rate limit:
 * {@code limit} requests per {@code window}, a 429 with {@code Retry-After} (seconds to the window's end) beyond it.
 * Bars are generated for every regular-session minute of the calendar, paged by {@code limit} across symbols.
 */
final class RateLimitedBarsServer implements AutoCloseable {

    private static final MarketCalendar NYSE = MarketCalendar.nyse();

    private final HttpServer server;
    private final int limit;
    private final long windowMillis;
    private final long startMillis = System.currentTimeMillis();
    /** Per window index: requests answered 200, requests answered 429. */
    private final Map<Long, long[]> windows = new ConcurrentHashMap<>();
    private final AtomicLong barsServed = new AtomicLong();

    RateLimitedBarsServer(int limit, long windowMillis) throws IOException {
        this.limit = limit;
        this.windowMillis = windowMillis;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v2/stocks/bars", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        long now = System.currentTimeMillis();
        long window = (now - startMillis) / windowMillis;
        boolean allowed;
        synchronized (windows) {
            long[] counts = windows.computeIfAbsent(window, w -> new long[2]);
            allowed = counts[0] < limit;
            counts[allowed ? 0 : 1]++;
        }
        if (!allowed) {
            long retryAfterMillis = startMillis + (window + 1) * windowMillis - now;
            exchange.getResponseHeaders().add("Retry-After", Long.toString(Math.max(1, (retryAfterMillis + 999) / 1000)));
            send(exchange, 429, "{\"message\":\"too many requests.\"}");
            return;
        }
        send(exchange, 200, page(query(exchange.getRequestURI().getRawQuery())));
    }

    /** Bars of the requested symbols in [start, end), ordered by symbol then time, cut into pages of {@code limit}. */
    private String page(Map<String, String> query) {
        List<String> symbols = List.of(query.get("symbols").split(","));
        Instant start = Instant.parse(query.get("start"));
        Instant end = Instant.parse(query.get("end"));
        int pageLimit = Integer.parseInt(query.getOrDefault("limit", "1000"));
        long offset = query.containsKey("page_token") ? Long.parseLong(query.get("page_token")) : 0;
        List<Instant> minutes = sessionMinutes(start, end);
        long total = (long) minutes.size() * symbols.size();
        long to = Math.min(total, offset + pageLimit);
        StringBuilder json = new StringBuilder(64 + (int) (to - offset) * 110).append("{\"bars\":{");
        String open = null;
        for (long index = offset; index < to; index++) {
            String symbol = symbols.get((int) (index / minutes.size()));
            Instant minute = minutes.get((int) (index % minutes.size()));
            if (!symbol.equals(open)) {
                json.append(open == null ? "" : "],").append('"').append(symbol).append("\":[");
                open = symbol;
            } else {
                json.append(',');
            }
            double price = 100 + (minute.getEpochSecond() / 60 % 97) * 0.01;
            json.append("{\"t\":\"").append(minute).append("\",\"o\":").append(price).append(",\"h\":").append(price + 0.05)
                    .append(",\"l\":").append(price - 0.05).append(",\"c\":").append(price).append(",\"v\":1200,\"n\":12,\"vw\":")
                    .append(price).append('}');
        }
        json.append(open == null ? "}" : "]}").append(",\"next_page_token\":").append(to < total ? "\"" + to + "\"" : "null").append('}');
        barsServed.addAndGet(to - offset);
        return json.toString();
    }

    private static List<Instant> sessionMinutes(Instant start, Instant end) {
        List<Instant> minutes = new ArrayList<>();
        LocalDate first = start.atZone(NYSE.zone()).toLocalDate();
        LocalDate last = end.atZone(NYSE.zone()).toLocalDate();
        for (TradingSession session : NYSE.sessionsBetween(first, last)) {
            for (ZonedDateTime t = session.open(); t.isBefore(session.close()); t = t.plus(1, ChronoUnit.MINUTES)) {
                Instant minute = t.toInstant();
                if (!minute.isBefore(start) && minute.isBefore(end)) {
                    minutes.add(minute);
                }
            }
        }
        return minutes;
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new HashMap<>();
        for (String pair : raw == null ? new String[0] : raw.split("&")) {
            int eq = pair.indexOf('=');
            query.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return query;
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** @return per window index (from the server's start): {ok, rejected} */
    Map<Long, long[]> windows() {
        synchronized (windows) {
            Map<Long, long[]> copy = new HashMap<>();
            windows.forEach((w, c) -> copy.put(w, c.clone()));
            return copy;
        }
    }

    long barsServed() {
        return barsServed.get();
    }

    long windowMillis() {
        return windowMillis;
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
