package io.marketflow.ingest.market.client;

import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import io.marketflow.calendar.MarketCalendar;

/**
 * Generates Alpaca's {@code GET /v2/stocks/bars} answer for any symbols and window, like the real API: 1-minute bars
 * from 04:00 to 20:00 New York (extended hours included) on trading days, sorted by symbol then time, paged by
 * {@code limit} with {@code next_page_token}. Prices are a pure function of (symbol, minute), so every run is identical.
 * Injected faults, for validation tests: AAPL at {@link #INVALID_BAR} has high below low, AAPL at
 * {@link #DUPLICATE_BAR} is sent twice, MSFT at {@link #JUMP_BAR} jumps by half its price.
 */
public class FakeAlpacaBars implements ResponseDefinitionTransformerV2 {

    /** Name to use in {@code withTransformers}. */
    public static final String NAME = "fake-alpaca-bars";
    /** An AAPL bar with high below low. */
    public static final Instant INVALID_BAR = Instant.parse("2024-11-12T15:00:00Z");
    /** An AAPL bar sent twice. */
    public static final Instant DUPLICATE_BAR = Instant.parse("2024-11-12T15:01:00Z");
    /** An MSFT bar whose close jumps by 50 %. */
    public static final Instant JUMP_BAR = Instant.parse("2024-11-13T15:00:00Z");

    private static final MarketCalendar CALENDAR = MarketCalendar.nyse();

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    @Override
    public ResponseDefinition transform(ServeEvent serveEvent) {
        Request request = serveEvent.getRequest();
        List<String> symbols = List.of(request.queryParameter("symbols").firstValue().split(","));
        Instant start = Instant.parse(request.queryParameter("start").firstValue());
        Instant end = Instant.parse(request.queryParameter("end").firstValue());
        int limit = Integer.parseInt(request.queryParameter("limit").firstValue());
        int offset = request.queryParameter("page_token").isPresent()
                ? Integer.parseInt(new String(Base64.getDecoder().decode(request.queryParameter("page_token").firstValue()), StandardCharsets.UTF_8))
                : 0;
        List<String[]> all = new ArrayList<>();
        for (String symbol : symbols.stream().sorted().toList()) {
            for (Instant t = start.truncatedTo(ChronoUnit.MINUTES); !t.isAfter(end); t = t.plus(1, ChronoUnit.MINUTES)) {
                if (!t.isBefore(start) && trades(t)) {
                    all.add(new String[] { symbol, barJson(symbol, t) });
                    if (symbol.equals("AAPL") && t.equals(DUPLICATE_BAR)) {
                        all.add(new String[] { symbol, barJson(symbol, t) });
                    }
                }
            }
        }
        int to = Math.min(all.size(), offset + limit);
        StringBuilder json = new StringBuilder("{\"bars\":{");
        String current = null;
        for (int i = offset; i < to; i++) {
            String[] bar = all.get(i);
            if (!bar[0].equals(current)) {
                json.append(current == null ? "" : "],").append('"').append(bar[0]).append("\":[");
                current = bar[0];
            } else {
                json.append(',');
            }
            json.append(bar[1]);
        }
        json.append(current == null ? "" : "]").append("},\"next_page_token\":");
        json.append(to < all.size()
                ? "\"" + Base64.getEncoder().encodeToString(Integer.toString(to).getBytes(StandardCharsets.UTF_8)) + "\""
                : "null");
        json.append('}');
        return new ResponseDefinitionBuilder().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody(json.toString()).build();
    }

    /** Real markets have extended-hours bars on trading days only. */
    private static boolean trades(Instant t) {
        ZonedDateTime ny = t.atZone(MarketCalendar.NEW_YORK);
        LocalTime time = ny.toLocalTime();
        return ny.getDayOfWeek() != DayOfWeek.SATURDAY && ny.getDayOfWeek() != DayOfWeek.SUNDAY
                && CALENDAR.isTradingDay(ny.toLocalDate()) && !time.isBefore(LocalTime.of(4, 0)) && time.isBefore(LocalTime.of(20, 0));
    }

    /**
     * @param symbol the ticker
     * @param t the minute
     * @return the close the server reports (before any injected fault other than the jump)
     */
    public static double close(String symbol, Instant t) {
        double base = 100 + Math.floorMod(symbol.hashCode(), 50);
        double wiggle = Math.sin(t.getEpochSecond() / 600.0) * 0.5 + Math.floorMod(t.getEpochSecond() / 60, 7) * 0.01;
        double price = base + wiggle;
        return symbol.equals("MSFT") && t.equals(JUMP_BAR) ? price * 1.5 : price;
    }

    private static String barJson(String symbol, Instant t) {
        double c = close(symbol, t);
        double o = c - 0.05;
        double h = c + 0.1;
        double l = o - 0.1;
        if (symbol.equals("AAPL") && t.equals(INVALID_BAR)) {
            h = l - 1;
        }
        return String.format(Locale.ROOT, "{\"t\":\"%s\",\"o\":%.4f,\"h\":%.4f,\"l\":%.4f,\"c\":%.4f,\"v\":%d,\"n\":%d,\"vw\":%.4f}",
                t, o, h, l, c, 1000 + Math.floorMod(t.getEpochSecond() / 60, 100), 10, (o + c) / 2);
    }
}
