package io.marketflow.ingest.market.client.alpaca;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
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

import io.marketflow.contract.Bar;
import io.marketflow.contract.Trade;
import io.marketflow.ingest.market.client.BarQuery;
import io.marketflow.ingest.market.client.Fixtures;
import io.marketflow.ingest.market.client.InjectWireMock;
import io.marketflow.ingest.market.client.ProvidersWireMockResource;
import io.marketflow.localstack.LocalStackResource;
import io.marketflow.provider.ProviderException;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(LocalStackResource.class)
@WithTestResource(ProvidersWireMockResource.class)
class AlpacaBarProviderTest {

    private static final String BARS = "/v2/stocks/bars";
    private static final BarQuery QUERY = new BarQuery(List.of("AAPL", "MSFT"), Instant.parse("2021-01-04T14:30:00Z"),
            Instant.parse("2021-01-04T14:33:00Z"), BarQuery.ONE_MINUTE);

    @InjectWireMock
    WireMockServer server;

    @Inject
    AlpacaBarProvider provider;

    @Inject
    AlpacaClient client;

    @BeforeEach
    void reset() {
        server.resetAll();
    }

    @Test
    void followsNextPageTokenUntilTheLastPageAndNormalizes() {
        stubTwoPages();

        List<Bar> bars = provider.bars(QUERY);

        assertThat(bars).extracting(Bar::ticker).containsExactly("AAPL", "AAPL", "AAPL", "MSFT", "MSFT", "MSFT");
        assertThat(bars).filteredOn(b -> b.ticker().equals("MSFT")).extracting(Bar::timestamp).isSorted()
                .containsExactly(Instant.parse("2021-01-04T14:30:00Z"), Instant.parse("2021-01-04T14:31:00Z"),
                        Instant.parse("2021-01-04T14:32:00Z"));
        Bar first = bars.get(0);
        assertThat(first).isEqualTo(new Bar(1, "AAPL", Instant.parse("2021-01-04T14:30:00Z"), "1Min", 133.52, 133.61, 132.87,
                133.14, 1562011, 10244L, 133.235812, "alpaca", false));
        server.verify(2, getRequestedFor(urlPathEqualTo(BARS)).withHeader("APCA-API-KEY-ID", equalTo("test-key-id"))
                .withHeader("APCA-API-SECRET-KEY", equalTo("test-secret")).withQueryParam("symbols", equalTo("AAPL,MSFT"))
                .withQueryParam("timeframe", equalTo("1Min")).withQueryParam("feed", equalTo("iex"))
                .withQueryParam("limit", equalTo("10000")));
    }

    @Test
    void waitsForRetryAfterOn429ThenSucceeds() {
        server.stubFor(get(urlPathEqualTo(BARS)).inScenario("429").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1").withBody("{\"message\":\"too many requests\"}"))
                .willSetStateTo("allowed"));
        server.stubFor(get(urlPathEqualTo(BARS)).inScenario("429").whenScenarioStateIs("allowed")
                .willReturn(okJson(Fixtures.read("alpaca_v2_stocks_bars_multi_lastpage"))));

        long start = System.nanoTime();
        List<Bar> bars = provider.bars(QUERY);

        assertThat(bars).hasSize(1);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(950));
        server.verify(2, getRequestedFor(urlPathEqualTo(BARS)));
    }

    @Test
    void backsOffAndRetriesOnServerErrors() {
        server.stubFor(get(urlPathEqualTo(BARS)).inScenario("5xx").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("one"));
        server.stubFor(get(urlPathEqualTo(BARS)).inScenario("5xx").whenScenarioStateIs("one")
                .willReturn(aResponse().withStatus(500)).willSetStateTo("ok"));
        server.stubFor(get(urlPathEqualTo(BARS)).inScenario("5xx").whenScenarioStateIs("ok")
                .willReturn(okJson(Fixtures.read("alpaca_v2_stocks_bars_multi_lastpage"))));

        assertThat(provider.bars(QUERY)).extracting(Bar::ticker).containsExactly("MSFT");
        server.verify(3, getRequestedFor(urlPathEqualTo(BARS)));
    }

    @Test
    void refusesAnInvalidSymbolWithoutRetrying() {
        server.stubFor(get(urlPathEqualTo(BARS)).willReturn(aResponse().withStatus(422)
                .withHeader("Content-Type", "application/json").withBody(Fixtures.read("alpaca_error_response"))));

        assertThatThrownBy(() -> provider.bars(QUERY)).isInstanceOf(ProviderException.class)
                .hasMessageContaining("422").hasMessageContaining("invalid symbol: AAPLX")
                .satisfies(e -> assertThat(((ProviderException) e).status()).isEqualTo(422));
        server.verify(1, getRequestedFor(urlPathEqualTo(BARS)));
    }

    @Test
    void givesUpAfterTheConfiguredAttempts() {
        server.stubFor(get(urlPathEqualTo(BARS)).willReturn(aResponse().withStatus(502)));

        assertThatThrownBy(() -> provider.bars(QUERY)).isInstanceOf(ProviderException.class).hasMessageContaining("gave up");
        server.verify(6, getRequestedFor(urlPathEqualTo(BARS)));
    }

    @Test
    void normalizesLatestTrades() {
        server.stubFor(get(urlPathEqualTo("/v2/stocks/trades/latest")).withQueryParam("symbols", equalTo("AAPL,MSFT"))
                .willReturn(okJson(Fixtures.read("alpaca_v2_stocks_trades_latest_multi"))));

        List<Trade> trades = client.latestTrades(List.of("AAPL", "MSFT"));

        assertThat(trades).containsExactlyInAnyOrder(
                new Trade(1, "AAPL", Instant.parse("2025-11-20T20:59:59.812345678Z"), 229.87, 100, "V", 52983525029461L, List.of("@"),
                        "C", "alpaca", false),
                new Trade(1, "MSFT", Instant.parse("2025-11-20T20:59:59.960112034Z"), 478.43, 12, "V", 52983525033822L,
                        List.of("@", "I"), "C", "alpaca", false));
    }

    private void stubTwoPages() {
        server.stubFor(get(urlPathEqualTo(BARS)).withQueryParam("page_token", absent())
                .willReturn(okJson(Fixtures.read("alpaca_v2_stocks_bars_multi_page1"))));
        server.stubFor(get(urlPathEqualTo(BARS)).withQueryParam("page_token", equalTo("TVNGVHwyMDIxLTAxLTA0VDE0OjMxOjAwWg=="))
                .willReturn(okJson(Fixtures.read("alpaca_v2_stocks_bars_multi_lastpage"))));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder okJson(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
    }
}
