package io.marketflow.contract;

import java.util.List;
import java.util.Objects;

/**
 * One ticker's 1-minute bars of one ISO week; topic {@link Topics#H_ALPACA}, key = ticker so a ticker's weeks stay ordered.
 * An empty {@code data} list is an explicit "this week had no bars" so completion of a backfill is knowable.
 *
 * @param schemaVersion see {@link ContractRecord}
 * @param ticker the ticker
 * @param year ISO week-based year
 * @param week ISO week number (1–53)
 * @param data the week's bars in time order (the original system's field name)
 */
public record WeekBars(int schemaVersion, String ticker, int year, int week, List<Bar> data) implements ContractRecord {

    public WeekBars {
        Objects.requireNonNull(ticker, "ticker");
        data = data == null ? List.of() : List.copyOf(data);
    }
}
