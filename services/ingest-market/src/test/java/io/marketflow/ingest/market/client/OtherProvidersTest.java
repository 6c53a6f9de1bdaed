package io.marketflow.ingest.market.client;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;

import io.marketflow.contract.Bar;
import io.marketflow.ingest.market.client.alphavantage.AlphaVantageBarProvider;
import io.marketflow.ingest.market.client.polygon.PolygonBarProvider;
import io.marketflow.ingest.market.client.yahoo.YahooBarProvider;
import io.marketflow.localstack.LocalStackResource;
import io.marketflow.provider.ProviderException;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Polygon, Yahoo and Alpha Vantage against WireMock serving the recorded payload shapes.
 */
@QuarkusTest
@WithTestResource(LocalStackResource.class)
@WithTestResource(ProvidersWireMockResource.class)
class OtherProvidersTest {

    @InjectWireMock
    WireMockServer server;

    @Inject
    PolygonBarProvider polygon;

    @Inject
    YahooBarProvider yahoo;

    @Inject
    AlphaVantageBarProvider alphaVantage;

    @Inject
    ProviderRegistry registry;

    @BeforeEach
    void reset() {
        server.resetAll();
    }

    @Test
    void polygonFollowsNextUrlOnOurHostWithTheKeyInTheHeader() {
        // Polygon's "to" is inclusive: the window's end minus one millisecond.
        String first = "/v2/aggs/ticker/AAPL/range/1/day/1673240400000/1706763599999";
        String page1 = Fixtures.read("polygon_v2_aggs_ticker_range");
        server.stubFor(get(urlPathEqualTo(first)).withQueryParam("cursor", absent()).willReturn(json(200, page1)));
        // The fixture's next_url names api.polygon.io; the client must still call its configured host.
        server.stubFor(get(urlPathEqualTo("/v2/aggs/ticker/AAPL/range/1/day/1673413200000/2023-01-31"))
                .withQueryParam("cursor", equalTo("bGltaXQ9MiZzb3J0PWFzYw"))
                .willReturn(json(200, Fixtures.read("polygon_v2_aggs_ticker_range_minute"))));

        List<Bar> bars = polygon.bars(new BarQuery(List.of("AAPL"), Instant.parse("2023-01-09T05:00:00Z"),
                Instant.parse("2024-02-01T05:00:00Z"), BarQuery.ONE_DAY));

        assertThat(bars).hasSize(5);
        assertThat(bars.get(0)).isEqualTo(new Bar(1, "AAPL", Instant.ofEpochMilli(1673240400000L), "1Day", 130.465, 133.41, 129.89, 130.15,
                70790813.0, 645365L, 131.6292, "polygon", false));
        server.verify(2, getRequestedFor(urlPathMatching("/v2/aggs/.*")).withHeader("Authorization", equalTo("Bearer test-polygon-key")));
    }

    @Test
    void polygonWaitsOutA429() {
        String path = "/v2/aggs/ticker/AAPL/range/1/minute/1704205800000/1704205979999";
        server.stubFor(get(urlPathEqualTo(path)).inScenario("429").whenScenarioStateIs(STARTED)
                .willReturn(json(429, Fixtures.read("polygon_error_response")).withHeader("Retry-After", "1")).willSetStateTo("ok"));
        server.stubFor(get(urlPathEqualTo(path)).inScenario("429").whenScenarioStateIs("ok")
                .willReturn(json(200, Fixtures.read("polygon_v2_aggs_ticker_range_minute"))));

        long start = System.nanoTime();
        List<Bar> bars = polygon.bars(new BarQuery(List.of("AAPL"), Instant.ofEpochMilli(1704205800000L),
                Instant.ofEpochMilli(1704205980000L), BarQuery.ONE_MINUTE));

        assertThat(bars).extracting(Bar::close).containsExactly(185.64, 185.41, 185.29);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(950));
    }

    @Test
    void yahooSkipsMinutesWithNullsInsteadOfInventingThem() {
        server.stubFor(get(urlPathEqualTo("/v8/finance/chart/AAPL")).withQueryParam("interval", equalTo("1m"))
                .willReturn(json(200, Fixtures.read("yahoo_v8_finance_chart_1m"))));

        List<Bar> bars = yahoo.bars(new BarQuery(List.of("AAPL"), Instant.ofEpochSecond(1763649000), Instant.ofEpochSecond(1763649240),
                BarQuery.ONE_MINUTE));

        assertThat(bars).extracting(Bar::timestamp).containsExactly(Instant.ofEpochSecond(1763649000), Instant.ofEpochSecond(1763649060),
                Instant.ofEpochSecond(1763649180));
        assertThat(bars.get(0)).isEqualTo(new Bar(1, "AAPL", Instant.ofEpochSecond(1763649000), "1Min", 228.1, 228.6, 227.9, 228.45,
                1894512, null, null, "yahoo", false));
    }

    @Test
    void yahooReportsItsErrorBody() {
        server.stubFor(get(urlPathEqualTo("/v8/finance/chart/NOPE")).willReturn(json(404, Fixtures.read("yahoo_v8_finance_chart_error"))));

        assertThatThrownBy(() -> yahoo.bars(new BarQuery(List.of("NOPE"), Instant.ofEpochSecond(1763649000),
                Instant.ofEpochSecond(1763649240), BarQuery.ONE_MINUTE)))
                .isInstanceOf(ProviderException.class).hasMessageContaining("404").hasMessageContaining("No data found");
        server.verify(1, getRequestedFor(urlPathEqualTo("/v8/finance/chart/NOPE")));
    }

    @Test
    void alphaVantageRetriesItsHttp200RateLimitAndConvertsNewYorkTimes() {
        server.stubFor(get(urlPathEqualTo("/query")).inScenario("limit").whenScenarioStateIs(STARTED)
                .willReturn(json(200, Fixtures.read("alphavantage_rate_limit_information"))).willSetStateTo("ok"));
        server.stubFor(get(urlPathEqualTo("/query")).inScenario("limit").whenScenarioStateIs("ok")
                .withQueryParam("function", equalTo("TIME_SERIES_INTRADAY")).withQueryParam("month", equalTo("2025-11"))
                .willReturn(json(200, Fixtures.read("alphavantage_TIME_SERIES_INTRADAY_5min"))));

        List<Bar> bars = alphaVantage.bars(new BarQuery(List.of("IBM"), Instant.parse("2025-11-20T14:30:00Z"),
                Instant.parse("2025-11-21T01:00:00Z"), BarQuery.ONE_MINUTE));

        // "2025-11-20 19:45:00" US/Eastern is 00:45Z the next day (EST, UTC-5); values arrive as strings.
        assertThat(bars).extracting(Bar::timestamp).containsExactly(Instant.parse("2025-11-21T00:45:00Z"),
                Instant.parse("2025-11-21T00:50:00Z"), Instant.parse("2025-11-21T00:55:00Z"));
        assertThat(bars.get(2).close()).isEqualTo(304.2);
        assertThat(bars.get(2).volume()).isEqualTo(412);
        server.verify(2, getRequestedFor(urlPathEqualTo("/query")).withQueryParam("apikey", equalTo("test-av-key")));
    }

    @Test
    void alphaVantageErrorMessageIsNotRetried() {
        server.stubFor(get(urlPathEqualTo("/query")).willReturn(json(200, Fixtures.read("alphavantage_error_message"))));

        assertThatThrownBy(() -> alphaVantage.bars(new BarQuery(List.of("IBM"), Instant.parse("2025-11-20T14:30:00Z"),
                Instant.parse("2025-11-20T15:00:00Z"), BarQuery.ONE_MINUTE)))
                .isInstanceOf(ProviderException.class).hasMessageContaining("Invalid API call");
        server.verify(1, getRequestedFor(urlPathEqualTo("/query")));
    }

    @Test
    void everyProviderIsFoundByName() {
        assertThat(List.of("alpaca", "polygon", "yahoo", "alphavantage"))
                .allSatisfy(name -> assertThat(registry.find(name)).hasValueSatisfying(p -> assertThat(p.disabledReason()).isEmpty()));
    }

    private static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }
}
