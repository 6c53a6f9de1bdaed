package io.marketflow.ingest.market.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.marketflow.ingest.market.client.Fixtures;
import io.marketflow.ingest.market.rest.RecordedBars.Answer;

/** The recorded bars answer a query as Alpaca's multi-symbol bars do: symbols, [start, end], limit, page_token. */
class RecordedBarsTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final RecordedBars BARS = RecordedBars.load(MAPPER);
    private static final String DAY_START = "2021-01-04T05:00:00Z";
    private static final String DAY_END = "2021-01-05T04:59:59.999999999Z";
    private static final JsonNode EMPTY = json("{\"bars\":{},\"next_page_token\":null}");

    @Test
    void theRecordedQueryPagesAreTheRealApisPages() {
        Answer first = BARS.answer("AAPL,MSFT", "1Min", DAY_START, DAY_END, 5, null, "asc");
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.body()).isEqualTo(json(Fixtures.read("alpaca_v2_stocks_bars_multi_page1")));

        Answer last = BARS.answer("AAPL,MSFT", "1Min", DAY_START, DAY_END, 5, first.body().get("next_page_token").asText(), "asc");
        assertThat(last.body()).isEqualTo(json(Fixtures.read("alpaca_v2_stocks_bars_multi_lastpage")));
    }

    @Test
    void onlyRequestedSymbolsAndBarsInsideTheInclusiveRange() {
        Answer msft = BARS.answer("msft,NVDA", "1Min", "2021-01-04T14:31:00Z", "2021-01-04T14:32:00Z", 10000, null, null);
        assertThat(msft.body().get("bars").properties()).hasSize(1);
        assertThat(times(msft.body().get("bars").get("MSFT"))).containsExactly("2021-01-04T14:31:00Z", "2021-01-04T14:32:00Z");
        assertThat(msft.body().get("next_page_token").isNull()).isTrue();

        assertThat(BARS.answer("NVDA", "1Min", DAY_START, DAY_END, 1000, null, null).body()).isEqualTo(EMPTY);
        assertThat(BARS.answer("AAPL,MSFT", "1Min", "2021-01-05T05:00:00Z", "2021-01-06T04:59:59Z", 1000, null, null).body())
                .isEqualTo(EMPTY);
        assertThat(BARS.answer("AAPL", "1Min", "2021-01-04T14:32:00.000000001Z", null, null, null, null).body()).isEqualTo(EMPTY);
    }

    @Test
    void smallLimitsPageThroughEveryBarOnceInOrder() {
        List<String> seen = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            JsonNode body = BARS.answer("AAPL,MSFT", "1Min", DAY_START, DAY_END, 2, token, null).body();
            int onPage = 0;
            for (var e : body.get("bars").properties()) {
                for (String t : times(e.getValue())) {
                    seen.add(e.getKey() + " " + t);
                    onPage++;
                }
            }
            assertThat(onPage).isLessThanOrEqualTo(2);
            token = body.get("next_page_token").isNull() ? null : body.get("next_page_token").asText();
            pages++;
        } while (token != null);

        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactly("AAPL 2021-01-04T14:30:00Z", "AAPL 2021-01-04T14:31:00Z", "AAPL 2021-01-04T14:32:00Z",
                "MSFT 2021-01-04T14:30:00Z", "MSFT 2021-01-04T14:31:00Z", "MSFT 2021-01-04T14:32:00Z");
    }

    @Test
    void refusesWhatTheRealApiRefuses() {
        assertThat(BARS.answer(null, "1Min", DAY_START, DAY_END, 5, null, null).status()).isEqualTo(422);
        assertThat(BARS.answer("AAPL", "1Min", DAY_START, DAY_END, 10001, null, null).status()).isEqualTo(422);
        assertThat(BARS.answer("AAPL", "1Min", "yesterday", DAY_END, 5, null, null).status()).isEqualTo(422);
        assertThat(BARS.answer("AAPL", "1Min", DAY_START, DAY_END, 5, "bm90LWEtdG9rZW4=", null).status()).isEqualTo(422);
        Answer daily = BARS.answer("AAPL", "1Day", DAY_START, DAY_END, 5, null, null);
        assertThat(daily.status()).isEqualTo(422);
        assertThat(daily.body().get("message").asText()).contains("1Min");
    }

    private static List<String> times(JsonNode bars) {
        List<String> times = new ArrayList<>();
        bars.forEach(bar -> times.add(bar.get("t").asText()));
        return times;
    }

    private static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
