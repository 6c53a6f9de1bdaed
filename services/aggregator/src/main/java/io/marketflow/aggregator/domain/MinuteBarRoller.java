package io.marketflow.aggregator.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Rolls trades into 1-minute bars per ticker, by event time. A ticker's bar for minute m closes when a trade of that
 * ticker from a later minute arrives, or when the partition's watermark (the latest trade time seen in it, less
 * {@code grace}) passes m + 1 min, so a ticker that stops trading still gets its last bar, or by the wall clock
 * ({@link #closeByClock}) once the partition was read to its end, so a minute closes even when no later trade of the
 * partition comes. A trade for a minute that is already closed is late: it is counted and dropped (its bar was written).
 */
public final class MinuteBarRoller {

    private final Duration grace;
    private final Map<String, Open> open = new HashMap<>();
    private Instant watermark = Instant.EPOCH;
    private long late;

    /** @param grace how long after a minute's end trades of other tickers may still arrive for it */
    public MinuteBarRoller(Duration grace) {
        this.grace = grace;
    }

    /**
     * @param ticker the trade's ticker
     * @param timestamp the trade's time
     * @param price the trade's price
     * @param size the trade's size
     * @param offset the trade's Kafka offset (the partition's commit must not pass an open bar's first trade)
     * @param lastClosed the ticker's last closed minute, or null: a trade at or before it is late
     * @param arrivedAt when the trade was read (the wall clock's close waits {@code closeGrace} after a bar's last one)
     * @return bars closed by this trade (at most one for its ticker)
     */
    public List<MinuteBar> add(String ticker, Instant timestamp, double price, double size, long offset, Instant lastClosed,
                               Instant arrivedAt) {
        Instant minute = timestamp.truncatedTo(ChronoUnit.MINUTES);
        List<MinuteBar> closed = new ArrayList<>(1);
        Open bar = open.get(ticker);
        if ((lastClosed != null && !minute.isAfter(lastClosed)) || (bar != null && minute.isBefore(bar.minute))) {
            late++;
            return closed;
        }
        if (bar != null && minute.isAfter(bar.minute)) {
            closed.add(bar.toBar(ticker));
            open.remove(ticker);
            bar = null;
        }
        if (bar == null) {
            open.put(ticker, new Open(minute, price, size, offset, arrivedAt));
        } else {
            bar.add(price, size, arrivedAt);
        }
        if (timestamp.isAfter(watermark)) {
            watermark = timestamp;
        }
        return closed;
    }

    /** @return bars whose minute ended at least {@code grace} before the watermark, removed from the open set */
    public List<MinuteBar> closeByWatermark() {
        List<MinuteBar> closed = new ArrayList<>();
        for (Iterator<Map.Entry<String, Open>> it = open.entrySet().iterator(); it.hasNext();) {
            Map.Entry<String, Open> e = it.next();
            if (!e.getValue().minute.plus(Duration.ofMinutes(1)).plus(grace).isAfter(watermark)) {
                closed.add(e.getValue().toBar(e.getKey()));
                it.remove();
            }
        }
        return closed;
    }

    /**
     * Closes by the wall clock the bars whose minute ended and whose last trade was read at least {@code closeGrace}
     * before {@code now}: call it only while the partition is read to its end, so no trade of such a minute is still
     * waiting in Kafka behind the ones read (a backlog's old minutes close by their trades or the watermark instead).
     *
     * @param now the wall clock
     * @param closeGrace how long trades of an ended minute may still arrive
     * @return the bars closed, removed from the open set
     */
    public List<MinuteBar> closeByClock(Instant now, Duration closeGrace) {
        List<MinuteBar> closed = new ArrayList<>();
        for (Iterator<Map.Entry<String, Open>> it = open.entrySet().iterator(); it.hasNext();) {
            Map.Entry<String, Open> e = it.next();
            Open o = e.getValue();
            Instant end = o.minute.plus(Duration.ofMinutes(1));
            Instant quietSince = o.lastArrival.isAfter(end) ? o.lastArrival : end;
            if (!quietSince.plus(closeGrace).isAfter(now)) {
                closed.add(o.toBar(e.getKey()));
                it.remove();
            }
        }
        return closed;
    }

    /** @return the smallest Kafka offset of a trade in a still-open bar, or Long.MAX_VALUE */
    public long firstOpenOffset() {
        long min = Long.MAX_VALUE;
        for (Open o : open.values()) {
            min = Math.min(min, o.firstOffset);
        }
        return min;
    }

    /** @return bars open now: read, not yet closed (at most one per ticker) */
    public int openBars() {
        return open.size();
    }

    /** @return trades dropped as late so far */
    public long lateTrades() {
        return late;
    }

    private static final class Open {
        final Instant minute;
        final double open;
        final long firstOffset;
        double high;
        double low;
        double close;
        double volume;
        Instant lastArrival;

        Open(Instant minute, double price, double size, long offset, Instant arrivedAt) {
            this.minute = minute;
            this.open = price;
            this.high = price;
            this.low = price;
            this.close = price;
            this.volume = size;
            this.firstOffset = offset;
            this.lastArrival = arrivedAt;
        }

        void add(double price, double size, Instant arrivedAt) {
            lastArrival = arrivedAt;
            high = Math.max(high, price);
            low = Math.min(low, price);
            close = price;
            volume += size;
        }

        MinuteBar toBar(String ticker) {
            return new MinuteBar(ticker, minute, open, high, low, close, volume);
        }
    }
}
