package io.marketflow.aggregator.repository;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.marketflow.aggregator.domain.AggregatedRow;
import io.marketflow.aggregator.domain.MinuteBar;

/**
 * Everything one poll produced, written in one PostgreSQL transaction before the poll's offsets are committed: rows
 * (deduplicated by key, the later one wins, since one statement cannot upsert a key twice), target updates, indicator
 * states, live bars and completed weeks.
 */
public final class UnitOfWork {

    /** A target filled in once the next minute closed (live). */
    public record TargetUpdate(String ticker, Instant timestamp, double y1) {
    }

    /** The indicator state of a series after a unit; {@code latestOnly} deletes the series' older states. */
    public record State(char series, String ticker, Instant lastMinute, String text, boolean latestOnly) {
    }

    /** A historical week aggregated. */
    public record Week(String ticker, int isoYear, int isoWeek, int rows) {
    }

    private final Map<String, AggregatedRow> rows = new LinkedHashMap<>();
    private final List<TargetUpdate> targets = new ArrayList<>();
    private final Map<String, State> states = new LinkedHashMap<>();
    private final List<MinuteBar> liveBars = new ArrayList<>();
    private final List<Week> weeks = new ArrayList<>();

    /** @param added rows to upsert */
    public void addRows(Collection<AggregatedRow> added) {
        for (AggregatedRow r : added) {
            rows.put(r.ticker() + "|" + r.timestamp(), r);
        }
    }

    /** @param update a target to set */
    public void addTarget(TargetUpdate update) {
        targets.add(update);
    }

    /** @param state a series' state after this unit (replaces an earlier state of the same series in this unit) */
    public void putState(State state) {
        states.put(state.series() + "|" + state.ticker(), state);
    }

    /** @param bar a live bar to keep for window rebuilds */
    public void addLiveBar(MinuteBar bar) {
        liveBars.add(bar);
    }

    /** @param week a week aggregated */
    public void addWeek(Week week) {
        weeks.add(week);
    }

    public Collection<AggregatedRow> rows() {
        return rows.values();
    }

    public List<TargetUpdate> targets() {
        return targets;
    }

    public Collection<State> states() {
        return states.values();
    }

    public List<MinuteBar> liveBars() {
        return liveBars;
    }

    public List<Week> weeks() {
        return weeks;
    }

    /** @return true when there is nothing to write */
    public boolean isEmpty() {
        return rows.isEmpty() && targets.isEmpty() && states.isEmpty() && liveBars.isEmpty() && weeks.isEmpty();
    }
}
