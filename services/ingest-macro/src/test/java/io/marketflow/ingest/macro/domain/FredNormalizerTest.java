package io.marketflow.ingest.macro.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.marketflow.contract.MacroObservation;
import io.marketflow.ingest.macro.client.Fixtures;

/** FRED rows to vintages: missing values, open ends, revisions and malformed rows. */
class FredNormalizerTest {

    private static final SeriesRef GDP = new SeriesRef("GDPC1", "gdp_real");
    private static final SeriesRef T10Y = new SeriesRef("DGS10", "t10y");

    @Test
    void dotIsAMissingValueNotZeroAndNotAnError() {
        Normalized<MacroObservation> n = FredNormalizer.normalize(T10Y, Fixtures.json("fred_series_observations_DGS10").path("observations"));

        assertThat(n.rejected()).isEmpty();
        assertThat(n.records()).hasSize(5);
        assertThat(n.records().get(0).date()).isEqualTo(LocalDate.of(2025, 1, 1));
        assertThat(n.records().get(0).value()).isNull();
        assertThat(n.records().get(1).value()).isEqualTo(4.57);
        assertThat(n.records()).allMatch(o -> o.alias().equals("t10y") && o.source().equals("fred"));
    }

    @Test
    void aRevisionIsASecondVintageAndAnAsOfReadBeforeItReturnsTheOldValue() {
        List<MacroObservation> vintages = FredNormalizer.normalize(GDP,
                Fixtures.json("fred_series_observations_GDPC1_vintages_page1").path("observations")).records();

        assertThat(vintages).hasSize(2);
        assertThat(vintages.get(0).realtimeEnd()).isEqualTo(LocalDate.of(2024, 5, 29));
        assertThat(vintages.get(1).realtimeEnd()).as("9999-12-31 is an open vintage").isNull();
        assertThat(asOf(vintages, LocalDate.of(2024, 5, 1))).isEqualTo(22758.8);
        assertThat(asOf(vintages, LocalDate.of(2024, 5, 29))).isEqualTo(22758.8);
        assertThat(asOf(vintages, LocalDate.of(2024, 5, 30))).isEqualTo(22768.9);
        assertThat(vintages.stream().filter(v -> v.knownOn(LocalDate.of(2024, 4, 24)))).as("nothing was known before the release").isEmpty();
    }

    @Test
    void malformedRowsAreRejectedWithTheirReasonAndTheRestIsKept() {
        Normalized<MacroObservation> n = FredNormalizer.normalize(T10Y,
                Fixtures.json("fred_series_observations_DGS10_malformed").path("observations"));

        assertThat(n.records()).extracting(MacroObservation::value).containsExactly(4.57, 4.67);
        assertThat(n.rejected()).extracting(Rejected::reason).containsExactly("value 'n/a' is not a number", "date is missing");
        assertThat(n.rejected()).allMatch(r -> r.key().equals("t10y") && r.raw().startsWith("{"));
    }

    private static Double asOf(List<MacroObservation> vintages, LocalDate day) {
        List<MacroObservation> known = vintages.stream().filter(v -> v.knownOn(day)).toList();
        assertThat(known).hasSize(1);
        return known.get(0).value();
    }
}
