package io.marketflow.ingest.market.client.alpaca;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One page of {@code GET /v2/stocks/bars}: bars per symbol, and the token of the next page ({@code null} on the last).
 *
 * @param bars bars per symbol; a symbol without bars on this page is absent
 * @param nextPageToken resend the same query with {@code page_token} set to this; null on the last page
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AlpacaBarsPage(Map<String, List<AlpacaBar>> bars, @JsonProperty("next_page_token") String nextPageToken) {

    /**
     * One Alpaca bar, with Alpaca's one-letter field names.
     *
     * @param t start, RFC 3339 UTC
     * @param o open
     * @param h high
     * @param l low
     * @param c close
     * @param v volume
     * @param n trade count
     * @param vw volume-weighted average price
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record AlpacaBar(String t, double o, double h, double l, double c, double v, Long n, Double vw) {
    }
}
