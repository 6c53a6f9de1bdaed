package io.marketflow.sink.domain;

import static io.marketflow.sink.domain.JsonFields.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

/** Values in the contract's form are read as the contract mapper reads them; any other form is unusual. */
class StrictValuesTest {

    @Test
    void readsValuesInTheContractsForm() {
        assertThat(read("7", StrictValues::intValue)).isEqualTo(7);
        assertThat(read("-2147483648", StrictValues::intValue)).isEqualTo(Integer.MIN_VALUE);
        assertThat(read("1e400", StrictValues::positive)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(read("0.01", StrictValues::positive)).isEqualTo(0.01);
        assertThat(read("null", StrictValues::nullableNumber)).isNull();
        assertThat(read("10.6", StrictValues::nullableNumber)).isEqualTo(10.6);
        assertThat(read("null", StrictValues::nullableLong)).isNull();
        assertThat(read("9223372036854775807", StrictValues::nullableLong)).isEqualTo(Long.MAX_VALUE);
        assertThat(read("\"AAPL\"", c -> StrictValues.nullableText(c, new RepeatedStrings(4)))).isEqualTo("AAPL");
        assertThat(read("null", c -> StrictValues.nullableText(c, new RepeatedStrings(4)))).isNull();
    }

    @Test
    void findsAnythingElseUnusual() {
        List<Case> cases = List.of(new Case("1.0", StrictValues::intValue), new Case("2147483648", StrictValues::intValue),
                new Case("\"1\"", StrictValues::intValue), new Case("null", StrictValues::intValue),
                new Case("0", StrictValues::positive), new Case("-0.0", StrictValues::positive), new Case("-1", StrictValues::positive),
                new Case("null", StrictValues::positive), new Case("\"1.5\"", StrictValues::nullableNumber),
                new Case("1.5", StrictValues::nullableLong), new Case("9223372036854775808", StrictValues::nullableLong),
                new Case("\"1\"", StrictValues::nullableLong), new Case("nul", StrictValues::nullableLong),
                new Case("[\"x\"]", c -> StrictValues.nullableText(c, new RepeatedStrings(4))),
                new Case("1", c -> StrictValues.nullableText(c, new RepeatedStrings(4))));
        for (Case c : cases) {
            assertThatThrownBy(() -> read(c.json, c.reader)).as(c.json).isInstanceOf(StrictValues.Unusual.class);
        }
    }

    @Test
    void readsEachFieldOnlyOnce() {
        int seen = StrictValues.once(StrictValues.once(0, 0), 5);
        assertThat(seen).isEqualTo(0b100001);
        assertThatThrownBy(() -> StrictValues.once(seen, 5)).isInstanceOf(StrictValues.Unusual.class);
    }

    private record Case(String json, Function<CompactJsonCursor, Object> reader) {
    }

    /** @return the value, which must be all of the JSON */
    private static Object read(String json, Function<CompactJsonCursor, Object> reader) {
        CompactJsonCursor c = new CompactJsonCursor(utf8(json));
        Object value = reader.apply(c);
        c.end();
        return value;
    }
}
