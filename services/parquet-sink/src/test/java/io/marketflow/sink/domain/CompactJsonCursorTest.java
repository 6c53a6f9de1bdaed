package io.marketflow.sink.domain;

import static io.marketflow.sink.domain.JsonFields.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.DateTimeException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

import io.marketflow.contract.ContractJson;

/**
 * The cursor reads the compact JSON the contract mapper writes as that mapper does, doubles bit for bit; anything else it
 * gives up on.
 */
class CompactJsonCursorTest {

    /** Numbers at the edges: signs and zeros, exponents, the ends of long and double, more digits than either holds. */
    private static final List<String> EDGES = List.of("0", "-0", "0.0", "-0.0", "-0e5", "0e-5", "1", "-1", "1E2", "1e+2", "1e-2", "1.5E-3",
            "0.1", "0.2", "0.3", "187.45", "187.431234", "4.35", "2.675", "1.005", "123.47999999999999", "0.30000000000000004",
            "1e22", "1e23", "1e-22", "1e-23", "1e308", "-1e308", "1.7976931348623157e308", "1.7976931348623158e308", "1e309", "1e400",
            "-1e400", "4.9e-324", "5e-324", "2e-324", "1e-400", "2.2250738585072014E-308", "9007199254740992", "9007199254740993",
            "9007199254740993.0", "9007199254740992.0", "123456789012345678", "1234567890123456789", "12345678901234567890",
            "-12345678901234567890", "9223372036854775807", "-9223372036854775808", "9223372036854775808", "123456789012345.6",
            "12345678901234567890.5", "0.000000000000000000001", "0.0000000000000000000000001", "1.0000000000000000000001",
            "123456789012345678901234567890", "1e0000000000000000000000005", "1" + "0".repeat(99), "1" + "0".repeat(400) + ".5");

    private static final Function<CompactJsonCursor, String> NEW_TEXT = c -> c.text((String) null);

    @Test
    void readsNumbersExactlyAsTheContractMapperDoes() throws IOException {
        Random random = new Random(11);
        List<String> numbers = new ArrayList<>(EDGES);
        for (int i = 0; i < 200_000; i++) {
            // Prices and sizes as providers and Double.toString write them, and longer ones, with exponents now and then.
            String digits = String.format("%019d", random.nextLong() & Long.MAX_VALUE).substring(0, 1 + random.nextInt(18));
            digits = digits.replaceFirst("^0+(?=.)", "");
            int dot = random.nextInt(digits.length());
            String number = (random.nextInt(10) == 0 ? "-" : "") + digits.substring(0, dot + 1) + "." + (dot + 1 < digits.length()
                    ? digits.substring(dot + 1) : "0");
            numbers.add(random.nextInt(8) == 0 ? number + "e" + (random.nextInt(50) - 25) : number);
            numbers.add(Double.toString(random.nextInt(100_000) / 100.0));
            numbers.add(Double.toString(random.nextDouble() * 1_000));
            numbers.add(Long.toString(random.nextLong() >> random.nextInt(64)));
        }
        int read = 0;
        for (String number : numbers) {
            Double fast = readOrNull(number, CompactJsonCursor::number);
            if (fast != null) {
                read++;
                double mapper = ContractJson.mapper().readValue(number, double.class);
                assertThat(Double.doubleToRawLongBits(fast)).as(number).isEqualTo(Double.doubleToRawLongBits(mapper));
            }
        }
        assertThat(read).as("numbers read").isEqualTo(numbers.size() - 1);
    }

    @Test
    void readsIntegersExactlyAsTheContractMapperDoes() throws IOException {
        for (String number : List.of("0", "-0", "7", "-2147483648", "52983525029461", "999999999999999999", "1000000000000000000",
                "9223372036854775807", "-9223372036854775808")) {
            assertThat(read(number, CompactJsonCursor::integer)).as(number).isEqualTo(ContractJson.mapper().readValue(number, long.class));
        }
        for (String number : List.of("1.0", "1e2", "1E2", "-1.5", "9223372036854775808", "-9223372036854775809", "12345678901234567890123")) {
            assertThatThrownBy(() -> read(number, CompactJsonCursor::integer)).as(number).isInstanceOf(StrictValues.Unusual.class);
        }
    }

    @Test
    void givesUpOnWhatIsNotAJsonNumber() {
        // All rejected by the mapper's parser; none may be read as a number here.
        for (String number : List.of("", "-", "+1", "01", "-01", "00", "1.", ".5", "1.e3", "1e", "1e+", "1e-", "1x", "1.2.3", "0x10", "1_000",
                "NaN", "Infinity", "-Infinity", "1 000", "1" + "0".repeat(1_000))) {
            assertThatThrownBy(() -> read(number, CompactJsonCursor::number)).as(number).isInstanceOf(StrictValues.Unusual.class);
        }
    }

    @Test
    void readsStringsOfAsciiWithoutEscapes() {
        RepeatedStrings strings = new RepeatedStrings(16);
        Function<CompactJsonCursor, String> remembered = c -> c.text(strings);
        assertThat(read("\"AAPL\"", remembered)).isEqualTo("AAPL");
        assertThat(read("\"BRK.B\"", NEW_TEXT)).isEqualTo("BRK.B");
        assertThat(read("\"\"", remembered)).isEmpty();
        assertThat(read("\"a/b~\u007f\"", remembered)).isEqualTo("a/b~\u007f");
        assertThat(read("\"2026-11-20T14:30:00.5Z\"", CompactJsonCursor::instant)).hasToString("2026-11-20T14:30:00.500Z");
    }

    @Test
    void givesUpOnEscapesNonAsciiControlCharactersAndUnterminatedStrings() {
        // Escapes and non-ASCII the mapper decodes, raw control characters it rejects: its call either way.
        for (String json : List.of("\"A\\u0041\"", "\"a\\\"b\"", "\"a\\\\\"", "\"a\\/b\"", "\"\\n\"", "\"é\"", "\"AAPL€\"", "\"😀\"",
                "\"a\tb\"", "\"a\nb\"", "\"\u0000\"", "\"abc", "\"", "abc", "null", "1")) {
            assertThatThrownBy(() -> read(json, NEW_TEXT)).as(json).isInstanceOf(StrictValues.Unusual.class);
        }
        for (String json : List.of("\"1763303520\"", "\"2026-11-20T14:30:00+00:00\"", "\"2026-11-20T14:30:00z\"")) {
            assertThatThrownBy(() -> read(json, CompactJsonCursor::instant)).as(json).isInstanceOf(StrictValues.Unusual.class);
        }
        // In the form, but not an instant: the fast path ends as well.
        assertThatThrownBy(() -> read("\" 2026-11-20T14:30:00Z\"", CompactJsonCursor::instant)).isInstanceOf(DateTimeException.class);
    }

    @Test
    void readsLiteralsOnlyWhole() {
        assertThat(read("true", CompactJsonCursor::bool)).isTrue();
        assertThat(read("false", CompactJsonCursor::bool)).isFalse();
        assertThat(read("null", CompactJsonCursor::takeNull)).isTrue();
        assertThat(new CompactJsonCursor(utf8("nul")).takeNull()).isFalse();
        for (String json : List.of("tru", "True", "fals", "truex", "null", "1", "\"true\"", "")) {
            assertThatThrownBy(() -> read(json, CompactJsonCursor::bool)).as(json).isInstanceOf(StrictValues.Unusual.class);
        }
    }

    @Test
    void toleratesBlanksOnlyAroundTheWholeValue() {
        assertThat(read(" \t\r\n7\n ", CompactJsonCursor::integer)).isEqualTo(7L);
        CompactJsonCursor c = new CompactJsonCursor(utf8("{ }"));
        c.expect('{');
        assertThat(c.take('}')).isFalse();
        assertThatThrownBy(() -> read("7 x", CompactJsonCursor::integer)).isInstanceOf(StrictValues.Unusual.class);
        assertThatThrownBy(() -> read("\u00a07", CompactJsonCursor::integer)).isInstanceOf(StrictValues.Unusual.class);
    }

    @Test
    void comparesExpectedBytesWithoutMovingOnAMismatch() {
        CompactJsonCursor c = new CompactJsonCursor(utf8("\"tick\":1"));
        assertThat(c.take(utf8("\"ticker\":"))).isFalse();
        assertThat(c.take(utf8("\"tack\":"))).isFalse();
        assertThat(c.take(utf8("\"tick\":"))).isTrue();
        assertThat(c.integer()).isEqualTo(1);
        c.end();
    }

    /** @return the value, which must be all of the JSON */
    private static <T> T read(String json, Function<CompactJsonCursor, T> reader) {
        CompactJsonCursor c = new CompactJsonCursor(utf8(json));
        T value = reader.apply(c);
        c.end();
        return value;
    }

    private static <T> T readOrNull(String json, Function<CompactJsonCursor, T> reader) {
        try {
            return read(json, reader);
        } catch (StrictValues.Unusual e) {
            return null;
        }
    }
}
