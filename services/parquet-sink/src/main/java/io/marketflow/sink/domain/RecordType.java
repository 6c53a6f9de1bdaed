package io.marketflow.sink.domain;

import static io.marketflow.sink.domain.RecordRows.NYSE;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;

import io.marketflow.contract.Bar;
import io.marketflow.contract.ContractJson;
import io.marketflow.contract.FundamentalsRecord;
import io.marketflow.contract.InvalidRecordException;
import io.marketflow.contract.MacroObservation;
import io.marketflow.contract.NewsArticle;
import io.marketflow.contract.PolicyEvent;
import io.marketflow.contract.SocialPost;
import io.marketflow.contract.Trade;
import io.marketflow.contract.WeekBars;

/**
 * The record types the sink stores: each knows its fields, the extra fields it offers only as partition levels (both
 * declared once, in its {@link RowMapper} in {@link RecordRows}), and how one Kafka value becomes zero or more flat rows.
 * Parsing failures and schema violations throw {@link InvalidRecordException} with the reason that goes into the
 * dead-letter headers.
 */
public enum RecordType {

    /** {@link Trade}, one row per trade; {@code date} is the New York trading date of the execution. */
    TRADE(RecordRows.TRADE) {
        @Override
        public List<Object[]> flatten(byte[] value) {
            Trade fast = TradeJsonReader.read(value);
            return Collections.singletonList(tradeRow(fast != null ? fast : ContractJson.fromBytes(value, Trade.class)));
        }
    },

    /** {@link WeekBars} flattened to one row per bar; {@code date} is the New York trading date of the bar. */
    WEEK_BARS(RecordRows.WEEK_BARS) {
        @Override
        public List<Object[]> flatten(byte[] value) {
            List<Object[]> fast = WeekBarsJsonReader.read(value, NYSE);
            return fast != null ? fast : weekBarRows(ContractJson.fromBytes(value, WeekBars.class));
        }
    },

    /** {@link MacroObservation}; {@code year} is the observation date's year. */
    MACRO(RecordRows.MACRO) {
        @Override
        public List<Object[]> flatten(byte[] value) {
            return Collections.singletonList(RecordRows.MACRO.row(ContractJson.fromBytes(value, MacroObservation.class)));
        }
    },

    /** {@link FundamentalsRecord}; statement lines stay a MAP column because they vary by provider. */
    FUNDAMENTALS(RecordRows.FUNDAMENTALS) {
        @Override
        public List<Object[]> flatten(byte[] value) {
            FundamentalsRecord f = ContractJson.fromBytes(value, FundamentalsRecord.class);
            require(f.fiscalYear() > 0, () -> "fiscal_year missing");
            return Collections.singletonList(RecordRows.FUNDAMENTALS.row(f));
        }
    },

    /** {@link NewsArticle}; {@code date} is the UTC date of publication (news is not market data). */
    NEWS(RecordRows.NEWS) {
        @Override
        public List<Object[]> flatten(byte[] value) {
            return Collections.singletonList(RecordRows.NEWS.row(ContractJson.fromBytes(value, NewsArticle.class)));
        }
    },

    /** {@link SocialPost}; {@code date} is the UTC date the post was written. */
    SOCIAL(RecordRows.SOCIAL) {
        @Override
        public List<Object[]> flatten(byte[] value) {
            return Collections.singletonList(RecordRows.SOCIAL.row(ContractJson.fromBytes(value, SocialPost.class)));
        }
    },

    /** {@link PolicyEvent}; {@code year} is the UTC year the event became public. */
    POLICY(RecordRows.POLICY) {
        @Override
        public List<Object[]> flatten(byte[] value) {
            return Collections.singletonList(RecordRows.POLICY.row(ContractJson.fromBytes(value, PolicyEvent.class)));
        }
    };

    private final RowMapper<?> rows;

    RecordType(RowMapper<?> rows) {
        this.rows = rows;
    }

    /**
     * @param value one Kafka record value (contract JSON)
     * @return the flat rows it stores as, one value (Instant, LocalDate, String, Long, Integer, Double, …) per
     *         {@link #slot}: arrays rather than maps, because this runs for every record
     * @throws InvalidRecordException when the value is not a valid record of this type
     */
    public abstract List<Object[]> flatten(byte[] value);

    /**
     * @param name a field or partition-only field
     * @return its index in the arrays {@link #flatten} returns: {@link #fields()} in order, then the partition-only fields
     */
    public int slot(String name) {
        int slot = rows.slot(name);
        if (slot < 0) {
            throw new IllegalArgumentException(this + " has no field " + name);
        }
        return slot;
    }

    /** @return the length of the arrays {@link #flatten} returns */
    int slotCount() {
        return rows.slotCount();
    }

    /** @return every field a row has, in file order */
    public List<Column> fields() {
        return rows.fields();
    }

    /**
     * @param name a field name
     * @return true when the name may be used as a Hive partition level
     */
    public boolean offersPartitionField(String name) {
        return rows.slot(name) >= 0;
    }

    /**
     * The row of {@link #TRADE}, of a trade from {@link TradeJsonReader} or from the contract mapper alike.
     *
     * @param t a trade
     * @return its row as {@link #TRADE} stores it
     * @throws InvalidRecordException when the price or size is not a positive number
     */
    static Object[] tradeRow(Trade t) {
        require(Double.isFinite(t.price()) && t.price() > 0, () -> "price must be a positive number, was " + t.price());
        require(Double.isFinite(t.size()) && t.size() > 0, () -> "size must be a positive number, was " + t.size());
        return RecordRows.TRADE.row(RecordRows.dated(t));
    }

    /**
     * The slow path of {@link #WEEK_BARS}, for what {@link WeekBarsJsonReader} leaves to the contract mapper; also the
     * reference that reader is tested against.
     *
     * @param week a week the contract mapper read
     * @return its rows as {@link #WEEK_BARS} stores them
     * @throws InvalidRecordException when a bar is not valid
     */
    static List<Object[]> weekBarRows(WeekBars week) {
        List<Object[]> rows = new ArrayList<>(week.data().size());
        String isoWeek = isoWeek(week.year(), week.week());
        LocalDate monthOf = null;
        String month = null;
        for (Bar bar : week.data()) {
            require(bar != null && bar.timestamp() != null, () -> "bar without timestamp in week " + week.year() + "-W" + week.week());
            require(bar.open() > 0 && bar.high() > 0 && bar.low() > 0 && bar.close() > 0,
                    () -> "bar at " + bar.timestamp() + " has a non-positive price");
            LocalDate date = NYSE.tradingDate(bar.timestamp());
            if (!date.equals(monthOf)) {
                // String.format per bar would cost more than the rest of the row.
                monthOf = date;
                month = month(date);
            }
            rows.add(RecordRows.WEEK_BARS.row(new RecordRows.WeekBar(week, bar, date, month, isoWeek)));
        }
        return rows;
    }

    /** @return the {@code iso_week} partition value, e.g. {@code 2026-W07} */
    static String isoWeek(int year, int week) {
        return String.format("%04d-W%02d", year, week);
    }

    /** @return the {@code month} partition value, e.g. {@code 2026-03} */
    static String month(LocalDate date) {
        return String.format("%04d-%02d", date.getYear(), date.getMonthValue());
    }

    private static void require(boolean condition, Supplier<String> reason) {
        // The reason is built only for a rejected record: formatting a price or an Instant per valid row is measurable.
        if (!condition) {
            throw new InvalidRecordException(reason.get());
        }
    }
}
