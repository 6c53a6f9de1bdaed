package io.marketflow.ingest.market.rest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The recorded Alpaca minute bars and the answer {@code GET /v2/stocks/bars} gives over them, as the real API does:
 * only the requested {@code symbols}, bars with {@code start <= t <= end} (both inclusive, either may be absent), at
 * most {@code limit} bars per page across all symbols (default 1000, at most 10000), ordered by symbol then time
 * ({@code sort=desc}: newest first within a symbol), and a {@code next_page_token} naming the page's last bar in
 * Alpaca's form (base64 of {@code SYMBOL|RFC 3339}). Queried as they were recorded (AAPL,MSFT, 2021-01-04, limit 5),
 * the pages are the recorded pages. Nothing matching is {@code {"bars":{},"next_page_token":null}}.
 */
public final class RecordedBars {

    /** The recorded pages, in the order Alpaca returned them. */
    public static final List<String> PAGES = List.of("recorded/alpaca/v2_stocks_bars_multi_page1.json",
            "recorded/alpaca/v2_stocks_bars_multi_lastpage.json");
    /** The only recorded timeframe. */
    public static final String TIMEFRAME = "1Min";

    private static final int DEFAULT_LIMIT = 1000;
    private static final int MAX_LIMIT = 10000;
    // Alpaca's code for an unprocessable request, in its error shape (fixture alpaca_error_response.json).
    private static final int UNPROCESSABLE = 42210000;

    private final ObjectMapper mapper;
    private final List<Recorded> bars;

    /**
     * @param mapper reads and writes the JSON
     * @param pages the recorded pages' bodies
     */
    public RecordedBars(ObjectMapper mapper, List<JsonNode> pages) {
        this.mapper = mapper;
        List<Recorded> all = new ArrayList<>();
        for (JsonNode page : pages) {
            page.path("bars").properties().forEach(e -> e.getValue().forEach(bar -> all.add(new Recorded(e.getKey(), bar))));
        }
        this.bars = List.copyOf(all);
    }

    /**
     * @param mapper reads and writes the JSON
     * @return the recorded bars of {@link #PAGES}, read from the classpath
     */
    public static RecordedBars load(ObjectMapper mapper) {
        List<JsonNode> pages = new ArrayList<>();
        for (String resource : PAGES) {
            try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException(resource + " is not on the classpath (native: quarkus.native.resources.includes)");
                }
                pages.add(mapper.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new RecordedBars(mapper, pages);
    }

    /**
     * An HTTP answer.
     *
     * @param status 200, or 422 for a request the real API refuses
     * @param body the JSON body
     */
    public record Answer(int status, JsonNode body) {
    }

    /**
     * @param symbols comma-separated tickers
     * @param timeframe e.g. {@code 1Min}; only that one is recorded
     * @param start RFC 3339 or a date, inclusive; null for no lower bound
     * @param end RFC 3339 or a date, inclusive; null for no upper bound
     * @param limit bars per page across all symbols; null for 1000
     * @param pageToken null for the first page, else the previous page's {@code next_page_token}
     * @param sort {@code asc} (default) or {@code desc}
     * @return the page, or Alpaca's error shape
     */
    public Answer answer(String symbols, String timeframe, String start, String end, Integer limit, String pageToken, String sort) {
        if (symbols == null || symbols.isBlank()) {
            return error("symbols is required");
        }
        if (timeframe != null && !TIMEFRAME.equals(timeframe)) {
            return error("only " + TIMEFRAME + " bars are recorded, not " + timeframe);
        }
        int pageSize = limit == null ? DEFAULT_LIMIT : limit;
        if (pageSize < 1 || pageSize > MAX_LIMIT) {
            return error("invalid limit: " + limit);
        }
        boolean descending = "desc".equalsIgnoreCase(sort);
        Instant from;
        Instant to;
        try {
            from = start == null || start.isBlank() ? Instant.MIN : instant(start);
            to = end == null || end.isBlank() ? Instant.MAX : instant(end);
        } catch (DateTimeException e) {
            return error("invalid start or end: " + e.getMessage());
        }
        Set<String> wanted = Arrays.stream(symbols.split(",")).map(s -> s.trim().toUpperCase(Locale.ROOT)).filter(s -> !s.isEmpty())
                .collect(Collectors.toSet());
        Comparator<Recorded> order = Comparator.comparing(Recorded::symbol)
                .thenComparing(descending ? Comparator.comparing(Recorded::t).reversed() : Comparator.comparing(Recorded::t));
        List<Recorded> matching = bars.stream().filter(b -> wanted.contains(b.symbol()) && !b.t().isBefore(from) && !b.t().isAfter(to))
                .sorted(order).toList();
        int first = 0;
        if (pageToken != null && !pageToken.isBlank()) {
            Recorded after;
            try {
                after = fromToken(pageToken);
            } catch (IllegalArgumentException | DateTimeException e) {
                return error("invalid page_token");
            }
            while (first < matching.size() && order.compare(matching.get(first), after) <= 0) {
                first++;
            }
        }
        List<Recorded> page = matching.subList(first, Math.min(matching.size(), first + pageSize));
        ObjectNode body = mapper.createObjectNode();
        ObjectNode bySymbol = body.putObject("bars");
        page.forEach(b -> ((ArrayNode) (bySymbol.has(b.symbol()) ? bySymbol.get(b.symbol()) : bySymbol.putArray(b.symbol()))).add(b.bar()));
        boolean more = first + page.size() < matching.size();
        if (more) {
            body.put("next_page_token", token(page.get(page.size() - 1)));
        } else {
            body.putNull("next_page_token");
        }
        return new Answer(200, body);
    }

    private Answer error(String message) {
        ObjectNode body = mapper.createObjectNode();
        body.put("code", UNPROCESSABLE);
        body.put("message", message);
        return new Answer(422, body);
    }

    private static Instant instant(String value) {
        // Alpaca takes RFC 3339 or a bare date (that day's midnight UTC).
        if (value.length() == 10) {
            return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
        }
        return OffsetDateTime.parse(value).toInstant();
    }

    private static String token(Recorded bar) {
        return Base64.getEncoder().encodeToString((bar.symbol() + "|" + bar.bar().path("t").asText()).getBytes(StandardCharsets.UTF_8));
    }

    private static Recorded fromToken(String token) {
        String[] parts = new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8).split("\\|", 2);
        if (parts.length != 2) {
            throw new IllegalArgumentException("not SYMBOL|time");
        }
        return new Recorded(parts[0], Instant.parse(parts[1]), null);
    }

    /**
     * @param symbol the ticker
     * @param t the bar's start
     * @param bar the bar as recorded (null for a page token's position)
     */
    private record Recorded(String symbol, Instant t, JsonNode bar) {

        Recorded(String symbol, JsonNode bar) {
            this(symbol, Instant.parse(bar.path("t").asText()), bar);
        }
    }
}
