package io.marketflow.ingest.market.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** The backfill's dates by mode: the recorded week by default when recorded, configured bounds always winning. */
class BackfillRangeTest {

    private static final LocalDate YESTERDAY = LocalDate.of(2026, 12, 6);

    @Test
    void recordedDefaultsToTheRecordedIsoWeekOnly() {
        BackfillRange range = BackfillRange.of(Optional.empty(), Optional.empty(), true, YESTERDAY);

        assertThat(range.start()).isEqualTo(LocalDate.of(2021, 1, 4));
        assertThat(range.end()).isEqualTo(LocalDate.of(2021, 1, 10));
        // One whole ISO week, 2021-W01, which holds the recorded bars' day.
        assertThat(range.weeks()).containsExactly(new IsoWeek(2021, 1, LocalDate.of(2021, 1, 4), LocalDate.of(2021, 1, 10)));
    }

    @Test
    void liveDefaultsTo2021UntilYesterday() {
        BackfillRange range = BackfillRange.of(Optional.empty(), Optional.empty(), false, YESTERDAY);

        assertThat(range).isEqualTo(new BackfillRange(LocalDate.of(2021, 1, 1), YESTERDAY));
        // 2021-01-01 is a Friday of 2020-W53: the live run has hundreds of weeks.
        assertThat(range.weeks().get(0)).isEqualTo(new IsoWeek(2020, 53, LocalDate.of(2021, 1, 1), LocalDate.of(2021, 1, 3)));
        assertThat(range.weeks()).hasSizeGreaterThan(300);
    }

    @Test
    void configuredBoundsWinInEitherMode() {
        Optional<LocalDate> start = Optional.of(LocalDate.of(2024, 10, 28));
        Optional<LocalDate> end = Optional.of(LocalDate.of(2024, 11, 29));

        assertThat(BackfillRange.of(start, end, true, YESTERDAY)).isEqualTo(new BackfillRange(start.get(), end.get()));
        assertThat(BackfillRange.of(start, end, false, YESTERDAY)).isEqualTo(new BackfillRange(start.get(), end.get()));
        // Each bound on its own: only the end configured keeps the mode's start.
        assertThat(BackfillRange.of(Optional.empty(), Optional.of(LocalDate.of(2021, 1, 5)), true, YESTERDAY))
                .isEqualTo(new BackfillRange(LocalDate.of(2021, 1, 4), LocalDate.of(2021, 1, 5)));
    }
}
