package io.marketflow.sink.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.ToIntFunction;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import io.marketflow.calendar.MarketCalendar;
import io.marketflow.contract.Bar;
import io.marketflow.contract.ContractJson;
import io.marketflow.contract.Trade;
import io.marketflow.contract.WeekBars;

/**
 * The fast paths' parse cost alone, in a warm loop over values the contract mapper wrote, printed per row: a measurement
 * to run on demand ({@code -Dtest=FastPathParseBenchmarkTest -Dbench.parse=true}; the build excludes it otherwise), not
 * a test of the time it takes (a shared machine varies too much).
 */
@EnabledIfSystemProperty(named = "bench.parse", matches = "true")
class FastPathParseBenchmarkTest {

    private static final MarketCalendar NYSE = MarketCalendar.nyse();
    private static final int ROUNDS = 15;

    @Test
    void printsTheParseTimePerTrade() {
        Random random = new Random(3);
        List<byte[]> values = new ArrayList<>();
        Instant at = Instant.parse("2026-11-20T14:30:00Z");
        for (int i = 0; i < 20_000; i++) {
            at = at.plusNanos(1 + random.nextInt(50_000_000));
            values.add(ContractJson.toBytes(trade(at, i, random)));
        }
        report("trade", values, value -> TradeJsonReader.read(value) != null ? 1 : 0);
    }

    @Test
    void printsTheParseTimePerBarRow() {
        Random random = new Random(5);
        List<byte[]> values = new ArrayList<>();
        for (int week = 40; week < 44; week++) {
            values.add(ContractJson.toBytes(week(List.of("AAPL", "MSFT", "SPY", "BRK.B").get(week % 4), week, random)));
        }
        report("bar row", values, value -> {
            List<Object[]> rows = WeekBarsJsonReader.read(value, NYSE);
            return rows != null ? rows.size() : 0;
        });
    }

    /**
     * Runs the parse over all values until warm, then prints the best and median time per row of the measured rounds:
     * the thread's CPU time, which other processes on the machine do not inflate as much as they do wall time.
     */
    private static void report(String row, List<byte[]> values, ToIntFunction<byte[]> parse) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long[] cpuNanos = new long[ROUNDS];
        long[] wallNanos = new long[ROUNDS];
        int rowsPerRound = 0;
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            rowsPerRound = parseAll(values, parse);
        }
        for (int round = 0; round < ROUNDS; round++) {
            long cpu = threads.getCurrentThreadCpuTime();
            long wall = System.nanoTime();
            int rows = parseAll(values, parse);
            wallNanos[round] = System.nanoTime() - wall;
            cpuNanos[round] = threads.getCurrentThreadCpuTime() - cpu;
            assertThat(rows).isEqualTo(rowsPerRound);
        }
        assertThat(rowsPerRound).as("rows the fast path read").isGreaterThan(values.size() - 1);
        Arrays.sort(cpuNanos);
        Arrays.sort(wallNanos);
        System.out.printf("fast path parse: %.1f ns CPU per %s (best of %d rounds), %.1f median; wall %.1f best, %.1f median; %d %ss per round%n",
                (double) cpuNanos[0] / rowsPerRound, row, ROUNDS, (double) cpuNanos[ROUNDS / 2] / rowsPerRound,
                (double) wallNanos[0] / rowsPerRound, (double) wallNanos[ROUNDS / 2] / rowsPerRound, rowsPerRound, row);
    }

    private static int parseAll(List<byte[]> values, ToIntFunction<byte[]> parse) {
        int rows = 0;
        for (byte[] value : values) {
            rows += parse.applyAsInt(value);
        }
        return rows;
    }

    /** A trade as the Alpaca feed's are written (every fifth a generated one, without id, tape or conditions). */
    private static Trade trade(Instant at, int i, Random random) {
        String ticker = List.of("AAPL", "MSFT", "NVDA", "SPY", "BRK.B", "QQQ", "TSLA").get(i % 7);
        double price = (i % 3 == 0 ? 1_000_000 + random.nextInt(50_000_000) : (10_000 + random.nextInt(500_000)) * 100) / 10_000.0;
        double size = i % 9 == 4 ? (1 + random.nextInt(9_999)) / 10_000.0 : 1 + random.nextInt(1_000);
        if (i % 5 == 4) {
            return Trade.synthetic(ticker, at, price, size);
        }
        return new Trade(1, ticker, at, price, size, "V", 50_000_000_000_000L + i, List.of("@", i % 3 == 0 ? "F" : "I"), "C", "alpaca",
                false);
    }

    /** A regular-session week of 1-minute bars, 5 x 390, prices in cents. */
    private static WeekBars week(String ticker, int week, Random random) {
        LocalDate monday = LocalDate.of(2026, 6, 1).with(IsoFields.WEEK_OF_WEEK_BASED_YEAR, week).with(DayOfWeek.MONDAY);
        List<Bar> bars = new ArrayList<>();
        double price = 50 + random.nextInt(400);
        for (LocalDate day = monday; !day.isAfter(monday.with(DayOfWeek.FRIDAY)); day = day.plusDays(1)) {
            for (int m = 0; m < 390; m++) {
                Instant at = ZonedDateTime.of(day, LocalTime.of(9, 30), NYSE.zone()).plusMinutes(m).toInstant();
                double open = price;
                price = Math.max(0.01, Math.round((price + random.nextGaussian() * 0.05) * 100) / 100.0);
                // In cents, as feeds send prices (a sum of doubles would write 17 digits, which no parse reads exactly).
                double high = Math.round((Math.max(open, price) + random.nextInt(5) / 100.0) * 100) / 100.0;
                double low = Math.max(0.01, Math.round((Math.min(open, price) - random.nextInt(5) / 100.0) * 100) / 100.0);
                double vwap = Math.round((low + high) / 2 * 10_000) / 10_000.0;
                bars.add(new Bar(1, ticker, at, "1Min", open, high, low, price, random.nextInt(50_000), (long) random.nextInt(900), vwap,
                        "alpaca", false));
            }
        }
        return new WeekBars(1, ticker, 2026, week, bars);
    }
}
