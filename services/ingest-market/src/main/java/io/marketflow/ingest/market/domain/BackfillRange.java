package io.marketflow.ingest.market.domain;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * The New York dates a backfill covers: the configured start and end where set, else the mode's defaults. Live covers
 * 2021-01-01 to yesterday; recorded covers only the recorded ISO week (2021-W01, Monday 2021-01-04 to Sunday
 * 2021-01-10), so the local run without keys sends one week per ticker instead of hundreds of empty ones.
 *
 * @param start first date, inclusive
 * @param end last date, inclusive
 */
public record BackfillRange(LocalDate start, LocalDate end) {

    /** First date of a live backfill when none is configured (the original system's). */
    public static final LocalDate LIVE_START = LocalDate.of(2021, 1, 1);
    /** First date of the recorded week: the Monday of 2021-W01, the day of the recorded bars. */
    public static final LocalDate RECORDED_START = LocalDate.of(2021, 1, 4);
    /** Last date of the recorded week, its Sunday. */
    public static final LocalDate RECORDED_END = LocalDate.of(2021, 1, 10);

    /**
     * @param start {@code marketflow.market.backfill.start}
     * @param end {@code marketflow.market.backfill.end}
     * @param recorded true when the provider replays the recorded responses
     * @param yesterday yesterday in New York, the live end
     * @return the range; each configured bound wins over the mode's default on its own
     */
    public static BackfillRange of(Optional<LocalDate> start, Optional<LocalDate> end, boolean recorded, LocalDate yesterday) {
        return new BackfillRange(start.orElse(recorded ? RECORDED_START : LIVE_START), end.orElse(recorded ? RECORDED_END : yesterday));
    }

    /**
     * @return the ISO weeks of the range, clipped to it; empty when end is before start
     */
    public List<IsoWeek> weeks() {
        return IsoWeek.between(start, end);
    }
}
