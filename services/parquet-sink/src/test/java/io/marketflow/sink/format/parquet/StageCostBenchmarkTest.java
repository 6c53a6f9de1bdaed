package io.marketflow.sink.format.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongSupplier;

import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import io.marketflow.contract.Bar;
import io.marketflow.contract.ContractJson;
import io.marketflow.contract.Trade;
import io.marketflow.contract.WeekBars;
import io.marketflow.sink.domain.DatasetSpec;
import io.marketflow.sink.domain.RecordType;
import io.marketflow.sink.domain.RowBuffer;
import io.marketflow.sink.domain.RowLayout;

/**
 * The CPU cost per row of each stage the sink runs on a record, alone and warm on one thread, for the records of the
 * throughput benchmark (SinkThroughputBenchmarkIT): convert (parse, flatten, Hive path), buffer (into the columns) and
 * encode (Parquet with ZSTD, at the benchmark's file size and at a large one). A measurement to run on demand
 * ({@code -Dtest=StageCostBenchmarkTest -Dbench.stages=true}; the build excludes it otherwise), not a test of the time.
 */
@EnabledIfSystemProperty(named = "bench.stages", matches = "true")
class StageCostBenchmarkTest {

    private static final int ROUNDS = 9;
    private static final long WARM_UP_NANOS = 8_000_000_000L;

    @Test
    void printsTheCostPerTradeOfEachStage() {
        List<byte[]> values = new ArrayList<>();
        Instant base = Instant.parse("2026-11-20T14:30:00Z");
        for (int i = 0; i < 100_000; i++) {
            // The benchmark's trades, one ticker here: a file's rows are one Hive path's.
            Trade trade = i % 2 == 0 ? Trade.synthetic("BX1", base.plusNanos(i * 1_000_003L), 100 + (i % 5000) * 0.01, 1 + i % 300)
                    : new Trade(1, "BX1", base.plusNanos(i * 1_000_003L), 100 + (i % 5000) * 0.01, 1 + i % 300, "V", (long) i, List.of("@"),
                    "C", "alpaca", false);
            values.add(ContractJson.toBytes(trade));
        }
        report("trade", RowLayout.of(new DatasetSpec("stock_trades", "stock-data", "", RecordType.TRADE, List.of("source", "ticker", "date"))),
                values);
    }

    @Test
    void printsTheCostPerBarOfEachStage() {
        List<byte[]> values = new ArrayList<>();
        LocalDate firstMonday = LocalDate.of(2025, 1, 6);
        for (int w = 0; w < 52; w++) {
            LocalDate monday = firstMonday.plusWeeks(w).with(DayOfWeek.MONDAY);
            List<Bar> bars = new ArrayList<>();
            for (int i = 0; i < 5 * 390; i++) {
                Instant at = monday.plusDays(i / 390).atTime(14, 30).toInstant(ZoneOffset.UTC).plusSeconds(60L * (i % 390));
                double p = 100 + (i % 500) * 0.01 + w;
                bars.add(new Bar(1, "WX1", at, "1Min", p, p + 0.05, p - 0.05, p + 0.01, 1000 + i, (long) (10 + i % 90), p, "alpaca", false));
            }
            values.add(ContractJson.toBytes(new WeekBars(1, "WX1", monday.get(IsoFields.WEEK_BASED_YEAR),
                    monday.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR), bars)));
        }
        report("bar", RowLayout.of(new DatasetSpec("h_alpaca", "historical-data", "", RecordType.WEEK_BARS, List.of("ticker", "year"))), values);
    }

    private static void report(String row, RowLayout layout, List<byte[]> values) {
        ParquetFileWriter parquet = new ParquetFileWriter(CompressionCodecName.ZSTD, 64 << 20);
        List<Object[]> flat = new ArrayList<>();
        List<String> paths = new ArrayList<>();
        LongSupplier convert = () -> {
            flat.clear();
            paths.clear();
            for (byte[] value : values) {
                for (Object[] f : layout.spec().recordType().flatten(value)) {
                    layout.requireStorable(f);
                    paths.add(layout.hivePath(f));
                    flat.add(f);
                }
            }
            return flat.size();
        };
        convert.getAsLong();
        assertThat(paths).as("Hive paths of the rows").doesNotContainNull().hasSameSizeAs(flat);
        RowBuffer[] all = new RowBuffer[1];
        LongSupplier buffer = () -> {
            RowBuffer rows = new RowBuffer(layout.schema(), RowBuffer.FIRST_CAPACITY);
            for (int i = 0; i < flat.size(); i++) {
                layout.append(rows, flat.get(i), 0, i);
            }
            all[0] = rows;
            return rows.size();
        };
        buffer.getAsLong();
        // The benchmark's files hold ~8,000 rows (2 s rotation, 25 Hive paths per Kafka partition).
        List<RowBuffer> smallFiles = new ArrayList<>();
        for (int first = 0; first + 8_000 <= flat.size(); first += 8_000) {
            RowBuffer rows = new RowBuffer(layout.schema(), 8_000);
            for (int i = first; i < first + 8_000; i++) {
                layout.append(rows, flat.get(i), 0, i);
            }
            smallFiles.add(rows);
        }
        long[] bytes = new long[2];
        LongSupplier encodeSmall = () -> {
            bytes[0] = 0;
            for (RowBuffer file : smallFiles) {
                bytes[0] += parquet.write(file).length;
            }
            return smallFiles.size() * 8_000L;
        };
        LongSupplier encodeLarge = () -> {
            bytes[1] = parquet.write(all[0]).length;
            return all[0].size();
        };
        System.out.printf("%s: %d rows of %d values, %.0f bytes of JSON per row%n", row, flat.size(), values.size(),
                values.stream().mapToLong(v -> v.length).sum() / (double) flat.size());
        measure(row, "convert (parse, flatten, Hive path)", convert);
        measure(row, "buffer (into the columns)", buffer);
        measure(row, "encode, 8,000-row files (ZSTD)", encodeSmall);
        measure(row, "encode, one " + all[0].size() + "-row file (ZSTD)", encodeLarge);
        System.out.printf("%s: Parquet bytes per row %.1f (8,000-row files), %.1f (one file)%n", row,
                bytes[0] / (smallFiles.size() * 8_000.0), bytes[1] / (double) all[0].size());
    }

    /** Runs a stage until warm, then prints its best and median thread CPU time per row over the measured rounds. */
    private static void measure(String row, String stage, LongSupplier work) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long deadline = System.nanoTime() + WARM_UP_NANOS;
        while (System.nanoTime() < deadline) {
            work.getAsLong();
        }
        double[] perRow = new double[ROUNDS];
        for (int round = 0; round < ROUNDS; round++) {
            long cpu = threads.getCurrentThreadCpuTime();
            long rows = work.getAsLong();
            perRow[round] = (double) (threads.getCurrentThreadCpuTime() - cpu) / rows;
        }
        Arrays.sort(perRow);
        System.out.printf("%s: %-45s %7.1f ns CPU per row (best of %d), %7.1f median%n", row, stage, perRow[0], ROUNDS, perRow[ROUNDS / 2]);
    }
}
