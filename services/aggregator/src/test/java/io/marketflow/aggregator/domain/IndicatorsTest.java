package io.marketflow.aggregator.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.tictactec.ta.lib.Core;
import com.tictactec.ta.lib.MAType;
import com.tictactec.ta.lib.MInteger;
import com.tictactec.ta.lib.RetCode;

/** The streaming indicators against TA-Lib's Java port over the same series, within 1e-9 relative. */
class IndicatorsTest {

    private static final int N = 3000;
    private static final double TOLERANCE = 1e-9;
    private static double[] high;
    private static double[] low;
    private static double[] close;
    private static List<Indicators.Values> ours;

    @BeforeAll
    static void series() {
        Random random = new Random(7);
        high = new double[N];
        low = new double[N];
        close = new double[N];
        double price = 200;
        for (int i = 0; i < N; i++) {
            price *= Math.exp(random.nextGaussian() * 0.001);
            close[i] = Math.round(price * 100) / 100.0;
            high[i] = close[i] + random.nextInt(20) / 100.0;
            low[i] = close[i] - random.nextInt(20) / 100.0;
        }
        Indicators indicators = new Indicators();
        ours = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            ours.add(indicators.update(high[i], low[i], close[i]));
        }
    }

    @Test
    void smaEqualsTaLib() {
        double[] out = new double[N];
        MInteger beg = new MInteger();
        MInteger nb = new MInteger();
        assertThat(new Core().sma(0, N - 1, close, 20, beg, nb, out)).isEqualTo(RetCode.Success);
        compare(beg.value, nb.value, out, Indicators.Values::sma20);
    }

    @Test
    void emaEqualsTaLib() {
        double[] out = new double[N];
        MInteger beg = new MInteger();
        MInteger nb = new MInteger();
        assertThat(new Core().ema(0, N - 1, close, 20, beg, nb, out)).isEqualTo(RetCode.Success);
        compare(beg.value, nb.value, out, Indicators.Values::ema20);
    }

    @Test
    void rsiEqualsTaLibWilder() {
        double[] out = new double[N];
        MInteger beg = new MInteger();
        MInteger nb = new MInteger();
        assertThat(new Core().rsi(0, N - 1, close, 14, beg, nb, out)).isEqualTo(RetCode.Success);
        compare(beg.value, nb.value, out, Indicators.Values::rsi14);
    }

    @Test
    void macdLineSignalAndHistogramEqualTaLib() {
        double[] macd = new double[N];
        double[] signal = new double[N];
        double[] hist = new double[N];
        MInteger beg = new MInteger();
        MInteger nb = new MInteger();
        assertThat(new Core().macd(0, N - 1, close, 12, 26, 9, beg, nb, macd, signal, hist)).isEqualTo(RetCode.Success);
        compare(beg.value, nb.value, macd, Indicators.Values::macd);
        compare(beg.value, nb.value, signal, Indicators.Values::macdSignal);
        compare(beg.value, nb.value, hist, Indicators.Values::macdHist);
    }

    @Test
    void bollingerBandsEqualTaLib() {
        double[] upper = new double[N];
        double[] middle = new double[N];
        double[] lower = new double[N];
        MInteger beg = new MInteger();
        MInteger nb = new MInteger();
        assertThat(new Core().bbands(0, N - 1, close, 20, 2.0, 2.0, MAType.Sma, beg, nb, upper, middle, lower))
                .isEqualTo(RetCode.Success);
        compare(beg.value, nb.value, upper, Indicators.Values::bbUpper);
        compare(beg.value, nb.value, middle, Indicators.Values::bbMiddle);
        compare(beg.value, nb.value, lower, Indicators.Values::bbLower);
    }

    @Test
    void atrEqualsTaLib() {
        double[] out = new double[N];
        MInteger beg = new MInteger();
        MInteger nb = new MInteger();
        assertThat(new Core().atr(0, N - 1, high, low, close, 14, beg, nb, out)).isEqualTo(RetCode.Success);
        compare(beg.value, nb.value, out, Indicators.Values::atr14);
    }

    @Test
    void stateSavedAndRestoredAnywhereContinuesExactly() {
        for (int split : new int[] {0, 1, 13, 14, 15, 19, 20, 25, 26, 30, 33, 34, 500}) {
            Indicators first = new Indicators();
            for (int i = 0; i < split; i++) {
                first.update(high[i], low[i], close[i]);
            }
            Indicators resumed = Indicators.fromText(first.toText());
            for (int i = split; i < 600; i++) {
                assertThat(resumed.update(high[i], low[i], close[i])).as("bar %d after a split at %d", i, split).isEqualTo(ours.get(i));
            }
        }
    }

    private static void compare(int begin, int count, double[] expected, Function<Indicators.Values, Double> field) {
        assertThat(count).isPositive();
        for (int i = 0; i < begin; i++) {
            assertThat(field.apply(ours.get(i))).as("warm-up bar %d", i).isNull();
        }
        for (int k = 0; k < count; k++) {
            Double actual = field.apply(ours.get(begin + k));
            assertThat(actual).as("bar %d", begin + k).isNotNull();
            double scale = Math.max(Math.abs(expected[k]), 1e-12);
            assertThat(Math.abs(actual - expected[k]) / scale).as("relative error at bar %d (%s vs %s)", begin + k, actual, expected[k])
                    .isLessThanOrEqualTo(TOLERANCE);
        }
    }
}
