package io.marketflow.ingest.fundamentals.client;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;

/** Stubs FMP's four stable statement endpoints for one symbol with the recorded fixtures, renamed to that symbol. */
public final class FmpStubs {

    /** Paths of the four stable endpoints. */
    public static final String INCOME = "/stable/income-statement";
    public static final String BALANCE = "/stable/balance-sheet-statement";
    public static final String CASHFLOW = "/stable/cash-flow-statement";
    public static final String KEY_METRICS = "/stable/key-metrics";

    private FmpStubs() {
    }

    /**
     * @param fmp the WireMock server standing in for FMP
     * @param symbol the symbol
     */
    public static void stub(WireMockServer fmp, String symbol) {
        stub(fmp, symbol, Fixtures.read("fmp_stable_income_statement").replace("\"AAPL\"", "\"" + symbol + "\""));
    }

    /**
     * @param fmp the WireMock server standing in for FMP
     * @param symbol the symbol
     * @param income the income statement answer (AAPL FY2024 and FY2023 by default)
     */
    public static void stub(WireMockServer fmp, String symbol, String income) {
        var ticker = equalTo(symbol);
        fmp.stubFor(get(urlPathEqualTo(INCOME)).withQueryParam("symbol", ticker).willReturn(okJson(income)));
        for (var endpoint : List.of(List.of(BALANCE, "fmp_stable_balance_sheet_statement"), List.of(CASHFLOW, "fmp_stable_cash_flow_statement"),
                List.of(KEY_METRICS, "fmp_stable_key_metrics"))) {
            fmp.stubFor(get(urlPathEqualTo(endpoint.get(0))).withQueryParam("symbol", ticker)
                    .willReturn(okJson(Fixtures.read(endpoint.get(1)).replace("\"AAPL\"", "\"" + symbol + "\""))));
        }
    }
}
