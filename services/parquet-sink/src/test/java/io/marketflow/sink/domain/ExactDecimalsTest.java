package io.marketflow.sink.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;

import org.junit.jupiter.api.Test;

/** The exact case of decimal to double is Double.parseDouble's, bit for bit; anything beyond it is left to the caller. */
class ExactDecimalsTest {

    @Test
    void convertsTheExactCaseAsDoubleParseDouble() {
        Random random = new Random(11);
        for (int i = 0; i < 500_000; i++) {
            // Short digits as prices are written, and up to 2^53.
            long digits = i % 2 == 0 ? random.nextInt(10_000_000) : random.nextLong((1L << 53) + 1);
            int exponent = random.nextInt(45) - 22;
            double value = ExactDecimals.value(digits, exponent);
            assertThat(Double.doubleToRawLongBits(value)).as(digits + "e" + exponent)
                    .isEqualTo(Double.doubleToRawLongBits(Double.parseDouble(digits + "e" + exponent)));
        }
        assertThat(ExactDecimals.value(18745, -2)).isEqualTo(187.45);
        assertThat(ExactDecimals.value(1L << 53, 22)).isEqualTo(Double.parseDouble((1L << 53) + "e22"));
        assertThat(Double.doubleToRawLongBits(ExactDecimals.value(0, -5))).isEqualTo(Double.doubleToRawLongBits(0.0));
    }

    @Test
    void leavesWhatItCannotConvertExactlyToTheCaller() {
        assertThat(ExactDecimals.value((1L << 53) + 1, 0)).isNaN();
        assertThat(ExactDecimals.value(Long.MAX_VALUE, -1)).isNaN();
        assertThat(ExactDecimals.value(1, 23)).isNaN();
        assertThat(ExactDecimals.value(1, -23)).isNaN();
        assertThat(ExactDecimals.value(1, 10_000)).isNaN();
    }
}
