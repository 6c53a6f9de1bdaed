package io.marketflow.ingest.macro.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;

import io.marketflow.contract.MacroObservation;
import io.marketflow.ingest.macro.client.Fixtures;

/** World Bank rows to vintages with a conservative realtime_start. */
class WorldBankNormalizerTest {

    private static final SeriesRef GROWTH = new SeriesRef("NY.GDP.MKTP.KD.ZG", "wb_gdp_growth");
    private static final Duration LAG = Duration.ofDays(210);

    @Test
    void aYearFirstSeenIsKnownFromYearEndPlusTheLagOrTheFetchDayWhenEarlier() {
        var rows = Fixtures.json("worldbank_v2_country_indicator").get(1);

        var n = WorldBankNormalizer.normalize(GROWTH, rows, LocalDate.of(2025, 3, 1), LAG, Map.of());

        assertThat(n.records()).hasSize(5);
        MacroObservation y2024 = n.records().get(0);
        assertThat(y2024.date()).isEqualTo(LocalDate.of(2024, 1, 1));
        assertThat(y2024.value()).isEqualTo(2.8);
        assertThat(y2024.realtimeStart()).as("not known before it was fetched").isEqualTo(LocalDate.of(2025, 3, 1));
        MacroObservation y2020 = n.records().get(4);
        assertThat(y2020.realtimeStart()).isEqualTo(LocalDate.of(2021, 7, 29));
        assertThat(y2020.realtimeEnd()).isNull();
    }

    @Test
    void aChangedValueClosesTheOldVintageAndStartsANewOneOnTheFetchDay() {
        ArrayNode rows = (ArrayNode) Fixtures.json("worldbank_v2_country_indicator").get(1);
        MacroObservation before = new MacroObservation(1, GROWTH.seriesId(), GROWTH.alias(), LocalDate.of(2024, 1, 1), 2.7, "worldbank",
                LocalDate.of(2025, 7, 29), null);
        LocalDate fetch = LocalDate.of(2025, 9, 10);
        var open = new java.util.HashMap<LocalDate, MacroObservation>();
        WorldBankNormalizer.normalize(GROWTH, rows, fetch, LAG, Map.of()).records().forEach(o -> open.put(o.date(), o));
        open.put(before.date(), before);

        var n = WorldBankNormalizer.normalize(GROWTH, rows, fetch, LAG, open);

        assertThat(n.records()).hasSize(2);
        assertThat(n.records().get(0).value()).isEqualTo(2.7);
        assertThat(n.records().get(0).realtimeEnd()).isEqualTo(LocalDate.of(2025, 9, 9));
        assertThat(n.records().get(1).value()).isEqualTo(2.8);
        assertThat(n.records().get(1).realtimeStart()).isEqualTo(fetch);
    }

    @Test
    void aNullValueIsSkippedAndABadYearRejected() {
        ArrayNode rows = new ObjectMapper().createArrayNode();
        rows.addObject().put("date", "2025").putNull("value");
        rows.addObject().put("date", "20x4").put("value", 1.0);

        var n = WorldBankNormalizer.normalize(GROWTH, rows, LocalDate.of(2025, 3, 1), LAG, Map.of());

        assertThat(n.records()).isEmpty();
        assertThat(n.rejected()).extracting(Rejected::reason).containsExactly("date '20x4' is not a year");
    }
}
