package io.marketflow.ingest.market.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

class IsoWeekTest {

    @Test
    void splitsARangeIntoIsoWeeksClippedToItsEnds() {
        List<IsoWeek> weeks = IsoWeek.between(LocalDate.of(2021, 1, 1), LocalDate.of(2021, 1, 13));

        // 2021-01-01 is a Friday of ISO week 2020-W53.
        assertThat(weeks).containsExactly(
                new IsoWeek(2020, 53, LocalDate.of(2021, 1, 1), LocalDate.of(2021, 1, 3)),
                new IsoWeek(2021, 1, LocalDate.of(2021, 1, 4), LocalDate.of(2021, 1, 10)),
                new IsoWeek(2021, 2, LocalDate.of(2021, 1, 11), LocalDate.of(2021, 1, 13)));
    }

    @Test
    void windowsAreNewYorkMidnightsAcrossDaylightSavingChanges() {
        IsoWeek dstStart = IsoWeek.between(LocalDate.of(2024, 3, 4), LocalDate.of(2024, 3, 10)).get(0);

        assertThat(dstStart.start()).isEqualTo(Instant.parse("2024-03-04T05:00:00Z"));
        // Ends at Monday midnight daylight time: the week is an hour shorter.
        assertThat(dstStart.end()).isEqualTo(Instant.parse("2024-03-11T04:00:00Z"));
    }
}
