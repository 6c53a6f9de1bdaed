package io.marketflow.ingest.macro.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.marketflow.contract.PolicyEvent;
import io.marketflow.ingest.macro.client.Fixtures;

/** Rate decisions from the target range series. */
class RateDecisionsTest {

    @Test
    void everyChangeOfTheRangeIsOneEventWithItsBasisPoints() {
        var upper = FredNormalizer.normalize(new SeriesRef("DFEDTARU", "u"), Fixtures.json("fred_series_observations_DFEDTARU").path("observations")).records();
        var lower = FredNormalizer.normalize(new SeriesRef("DFEDTARL", "l"), Fixtures.json("fred_series_observations_DFEDTARL").path("observations")).records();

        List<PolicyEvent> events = RateDecisions.detect(upper, lower);

        assertThat(events).extracting(PolicyEvent::changeBps).containsExactly(-50, -25, -25);
        assertThat(events).extracting(PolicyEvent::targetRateUpper).containsExactly(5.00, 4.75, 4.50);
        assertThat(events).extracting(PolicyEvent::targetRateLower).containsExactly(4.75, 4.50, 4.25);
        assertThat(events).allMatch(e -> e.eventType().equals(PolicyEvent.RATE_DECISION) && e.source().equals("fred"));
        // 2024-09-19 00:00 in New York (EDT) is 04:00 UTC.
        assertThat(events.get(0).effectiveAt()).isEqualTo(Instant.parse("2024-09-19T04:00:00Z"));
        assertThat(events.get(0).title()).isEqualTo("FOMC target range 4.75-5.00 % (-50 bps)");
    }

    @Test
    void theFirstDayOnlySetsTheStartingRange() {
        var upper = FredNormalizer.normalize(new SeriesRef("DFEDTARU", "u"), Fixtures.json("fred_series_observations_DFEDTARU").path("observations")).records();
        var lower = FredNormalizer.normalize(new SeriesRef("DFEDTARL", "l"), Fixtures.json("fred_series_observations_DFEDTARL").path("observations")).records();

        assertThat(RateDecisions.detect(upper.subList(0, 2), lower.subList(0, 2))).isEmpty();
    }
}
