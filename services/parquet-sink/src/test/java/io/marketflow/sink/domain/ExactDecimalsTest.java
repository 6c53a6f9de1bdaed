package io.marketflow.sink.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** The fast paths' decimals are Double.parseDouble's, bit for bit, or left to it. */
class ExactDecimalsTest {

    @Test
    void readsDecimalsExactlyAsDoubleParseDouble() {
        Random random = new Random(11);
        List<String> numbers = new ArrayList<>(List.of("0.1", "0.2", "0.3", "-0.0", "0.0", "187.45", "187.431234", "1E2", "1e-5", "1.5e+3",
                "123456789012345.6", "9007199254740993.0", "9007199254740992.0", "0.000000000000000000001", "1e22", "1e23", "1e-22",
                "4.35", "2.675", "1.005", "123.47999999999999", "5e-324", "1.7976931348623157e308", "0.30000000000000004"));
        for (int i = 0; i < 200_000; i++) {
            // Prices and sizes as providers and Double.toString write them, and longer ones.
            String digits = String.format("%019d", random.nextLong() & Long.MAX_VALUE).substring(0, 1 + random.nextInt(18));
            int dot = random.nextInt(digits.length());
            String number = (random.nextInt(10) == 0 ? "-" : "") + digits.substring(0, dot + 1) + "." + (dot + 1 < digits.length()
                    ? digits.substring(dot + 1) : "0");
            numbers.add(random.nextInt(8) == 0 ? number + "e" + (random.nextInt(50) - 25) : number);
            numbers.add(Double.toString(random.nextInt(100_000) / 100.0));
            numbers.add(Double.toString(random.nextDouble() * 1_000));
        }
        int exact = 0;
        for (String number : numbers) {
            double value = ExactDecimals.parse(number.toCharArray(), 0, number.length());
            if (!Double.isNaN(value)) {
                exact++;
                assertThat(Double.doubleToRawLongBits(value)).as(number).isEqualTo(Double.doubleToRawLongBits(Double.parseDouble(number)));
            }
        }
        assertThat(exact).as("numbers read without Double.parseDouble").isGreaterThan(numbers.size() / 2);
    }

    @Test
    void readsTheNumberAtItsOffsetInALargerBuffer() {
        assertThat(ExactDecimals.parse("xx-12.5yy".toCharArray(), 2, 5)).isEqualTo(-12.5);
        assertThat(ExactDecimals.parse("187.45,".toCharArray(), 0, 6)).isEqualTo(187.45);
    }

    @Test
    void leavesWhatItCannotConvertExactlyToTheCaller() {
        for (String number : List.of("", "-", ".", "1e", "1e+", "1x", "1.2.3", "1e1000", "1e-23", "12345678901234567890", "9007199254740993",
                "0.0000000000000000000000001")) {
            assertThat(ExactDecimals.parse(number.toCharArray(), 0, number.length())).as(number).isNaN();
        }
    }
}
