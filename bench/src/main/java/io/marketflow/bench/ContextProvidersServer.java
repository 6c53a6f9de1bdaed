package io.marketflow.bench;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.QueryParameter;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

/**
 * WireMock standing in for FRED, the World Bank and FMP, answering at once in their real shapes: FRED pages of
 * generated daily observations by {@code limit}/{@code offset}, World Bank pages of yearly rows by {@code page}, FMP's
 * stable statements (the repository's fixtures, renamed to the symbol asked). Each provider allows N requests per
 * fixed one-minute window and answers 429 with {@code Retry-After} beyond it; every request's arrival is recorded.
 */
final class ContextProvidersServer implements AutoCloseable {

    /** One request as the server saw it. */
    record Arrival(String provider, long nanos, int status) {
    }

    private static final long WINDOW_NANOS = 60_000_000_000L;

    private final WireMockServer server;
    private final Map<String, Integer> perMinute;
    private final int fredRows;
    private final Map<String, String> fmpFixtures = new HashMap<>();
    private final long start = System.nanoTime();
    private final List<Arrival> arrivals = new ArrayList<>();
    private final Map<String, long[]> windowCounts = new HashMap<>();

    /**
     * @param root the repository (fixtures are read from the services' test resources)
     * @param perMinute allowed requests per minute by provider ({@code fred}, {@code worldbank}, {@code fmp})
     * @param fredRows observations per FRED series
     */
    ContextProvidersServer(Path root, Map<String, Integer> perMinute, int fredRows) throws IOException {
        this.perMinute = perMinute;
        this.fredRows = fredRows;
        Path fixtures = root.resolve("services/ingest-fundamentals/src/test/resources/fixtures");
        for (String statement : List.of("income-statement", "balance-sheet-statement", "cash-flow-statement", "key-metrics")) {
            fmpFixtures.put(statement, Files.readString(fixtures.resolve("fmp_stable_" + statement.replace('-', '_') + ".json")));
        }
        server = new WireMockServer(options().dynamicPort().containerThreads(8).extensions(new Answers()));
        server.start();
        server.stubFor(WireMock.any(WireMock.anyUrl()).willReturn(WireMock.aResponse().withTransformers(Answers.NAME)));
    }

    String url() {
        return server.baseUrl();
    }

    /** @return every request so far, in order of arrival */
    synchronized List<Arrival> arrivals() {
        return new ArrayList<>(arrivals);
    }

    @Override
    public void close() {
        server.stop();
    }

    private synchronized int admit(String provider, long now) {
        long window = (now - start) / WINDOW_NANOS;
        long[] counts = windowCounts.computeIfAbsent(provider, p -> new long[] { -1, 0 });
        if (counts[0] != window) {
            counts[0] = window;
            counts[1] = 0;
        }
        int status = counts[1] < perMinute.get(provider) ? 200 : 429;
        if (status == 200) {
            counts[1]++;
        }
        arrivals.add(new Arrival(provider, now, status));
        return status;
    }

    private long secondsToWindowEnd(long now) {
        long into = (now - start) % WINDOW_NANOS;
        return Math.max(1, (WINDOW_NANOS - into + 999_999_999L) / 1_000_000_000L);
    }

    private ResponseDefinition answer(Request request) {
        String path = request.getUrl().split("\\?")[0];
        String provider = path.startsWith("/fred/") ? "fred" : path.startsWith("/v2/") ? "worldbank" : path.startsWith("/stable/") ? "fmp" : null;
        if (provider == null) {
            return ResponseDefinitionBuilder.responseDefinition().withStatus(404).build();
        }
        long now = System.nanoTime();
        if (admit(provider, now) == 429) {
            return ResponseDefinitionBuilder.responseDefinition().withStatus(429).withHeader("Retry-After", Long.toString(secondsToWindowEnd(now)))
                    .withBody("{\"error_code\":429,\"error_message\":\"Too Many Requests\"}").build();
        }
        String body = switch (provider) {
            case "fred" -> fred(request);
            case "worldbank" -> worldBank(request, path);
            default -> fmp(request, path);
        };
        return ResponseDefinitionBuilder.responseDefinition().withStatus(200).withHeader("Content-Type", "application/json").withBody(body).build();
    }

    /** A page of {@link #fredRows} daily observations from 2020-01-01, one vintage each (FRED's shape). */
    private String fred(Request request) {
        int limit = intParam(request, "limit", 100000);
        int offset = intParam(request, "offset", 0);
        int end = Math.min(fredRows, offset + limit);
        StringBuilder json = new StringBuilder(128 + 90 * Math.max(0, end - offset));
        json.append("{\"realtime_start\":\"2020-01-01\",\"realtime_end\":\"9999-12-31\",\"observation_start\":\"2020-01-01\",")
                .append("\"observation_end\":\"9999-12-31\",\"units\":\"lin\",\"output_type\":2,\"file_type\":\"json\",")
                .append("\"order_by\":\"observation_date\",\"sort_order\":\"asc\",\"count\":").append(fredRows)
                .append(",\"offset\":").append(offset).append(",\"limit\":").append(limit).append(",\"observations\":[");
        LocalDate first = LocalDate.parse("2020-01-01");
        for (int i = offset; i < end; i++) {
            LocalDate date = first.plusDays(i);
            json.append(i > offset ? "," : "").append("{\"realtime_start\":\"").append(date.plusDays(1)).append("\",\"realtime_end\":\"9999-12-31\",\"date\":\"")
                    .append(date).append("\",\"value\":\"").append(i % 97 == 0 ? "." : String.format("%.2f", 1 + (i % 400) / 100.0)).append("\"}");
        }
        return json.append("]}").toString();
    }

    /** One page of yearly rows, newest first, for the years asked ({@code date=first:last}). */
    private String worldBank(Request request, String path) {
        String indicator = path.substring(path.lastIndexOf('/') + 1);
        String[] years = request.queryParameter("date").firstValue().split(":");
        int firstYear = Integer.parseInt(years[0]);
        int lastYear = Integer.parseInt(years[1]);
        int perPage = intParam(request, "per_page", 50);
        int page = intParam(request, "page", 1);
        int total = lastYear - firstYear + 1;
        int pages = (total + perPage - 1) / perPage;
        StringBuilder json = new StringBuilder().append("[{\"page\":").append(page).append(",\"pages\":").append(pages).append(",\"per_page\":")
                .append(perPage).append(",\"total\":").append(total).append(",\"sourceid\":\"2\",\"lastupdated\":\"2025-07-01\"},[");
        for (int i = (page - 1) * perPage, n = 0; i < Math.min(total, page * perPage); i++, n++) {
            json.append(n > 0 ? "," : "").append("{\"indicator\":{\"id\":\"").append(indicator).append("\",\"value\":\"").append(indicator)
                    .append("\"},\"country\":{\"id\":\"US\",\"value\":\"United States\"},\"countryiso3code\":\"USA\",\"date\":\"")
                    .append(lastYear - i).append("\",\"value\":").append(i == 0 ? "null" : String.format("%.1f", 1 + (i % 30) / 10.0))
                    .append(",\"unit\":\"\",\"obs_status\":\"\",\"decimal\":1}");
        }
        return json.append("]]").toString();
    }

    private String fmp(Request request, String path) {
        String statement = path.substring("/stable/".length());
        String symbol = request.queryParameter("symbol").firstValue();
        return fmpFixtures.getOrDefault(statement, "[]").replace("\"AAPL\"", "\"" + symbol + "\"");
    }

    private static int intParam(Request request, String name, int fallback) {
        QueryParameter value = request.queryParameter(name);
        return value.isPresent() ? Integer.parseInt(value.firstValue()) : fallback;
    }

    /** The transformer that answers every request from the generators above. */
    private final class Answers implements ResponseDefinitionTransformerV2 {

        static final String NAME = "context-providers";

        @Override
        public ResponseDefinition transform(ServeEvent serveEvent) {
            return answer(serveEvent.getRequest());
        }

        @Override
        public boolean applyGlobally() {
            return false;
        }

        @Override
        public String getName() {
            return NAME;
        }
    }
}
