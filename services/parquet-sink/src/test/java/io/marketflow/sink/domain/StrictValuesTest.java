package io.marketflow.sink.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import io.marketflow.contract.ContractJson;

/** Values in the contract's form are read as the contract mapper reads them; any other form is unusual. */
class StrictValuesTest {

    @Test
    void readsValuesInTheContractsForm() throws IOException {
        assertThat(read("7", StrictValues::intValue)).isEqualTo(7);
        assertThat(read("-2147483648", StrictValues::intValue)).isEqualTo(Integer.MIN_VALUE);
        assertThat(read("187.45", StrictValues::number)).isEqualTo(187.45);
        assertThat(read("12", StrictValues::number)).isEqualTo(12.0);
        assertThat(read("12345678901234567890.5", StrictValues::number)).isEqualTo(Double.parseDouble("12345678901234567890.5"));
        assertThat(read("1e400", StrictValues::positive)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(read("0.01", StrictValues::positive)).isEqualTo(0.01);
        assertThat(read("null", StrictValues::nullableLong)).isNull();
        assertThat(read("9223372036854775807", StrictValues::nullableLong)).isEqualTo(Long.MAX_VALUE);
        assertThat(read("true", (p, v) -> StrictValues.bool(v))).isEqualTo(true);
        assertThat(read("false", (p, v) -> StrictValues.bool(v))).isEqualTo(false);
        assertThat(read("\"AAPL\"", (p, v) -> StrictValues.text(p, v, (String) null))).isEqualTo("AAPL");
        assertThat(read("null", (p, v) -> StrictValues.nullableText(p, v, new RepeatedStrings(4)))).isNull();
        assertThat(read("\"2026-11-20T14:30:00.5Z\"", StrictValues::instant)).isEqualTo(Instant.parse("2026-11-20T14:30:00.500Z"));
    }

    @Test
    void findsAnythingElseUnusual() {
        List<Case> cases = List.of(new Case("1.0", StrictValues::intValue), new Case("2147483648", StrictValues::intValue),
                new Case("\"1\"", StrictValues::intValue), new Case("null", StrictValues::intValue),
                new Case("\"1.5\"", StrictValues::number), new Case("null", StrictValues::number), new Case("true", StrictValues::number),
                new Case("0", StrictValues::positive), new Case("-0.0", StrictValues::positive), new Case("-1", StrictValues::positive),
                new Case("1.5", StrictValues::nullableLong),
                new Case("9223372036854775808", StrictValues::nullableLong), new Case("\"1\"", StrictValues::nullableLong),
                new Case("null", (p, v) -> StrictValues.bool(v)), new Case("1", (p, v) -> StrictValues.bool(v)),
                new Case("null", (p, v) -> StrictValues.text(p, v, (String) null)), new Case("1", (p, v) -> StrictValues.text(p, v, "1")),
                new Case("[\"x\"]", (p, v) -> StrictValues.nullableText(p, v, new RepeatedStrings(4))),
                new Case("\"2026-11-20T14:30:00+00:00\"", StrictValues::instant), new Case("\"1763303520\"", StrictValues::instant),
                new Case("null", StrictValues::instant));
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

    private interface Reader {
        Object read(JsonParser p, JsonToken v) throws IOException;
    }

    private record Case(String json, Reader reader) {
    }

    private static Object read(String json, Reader reader) throws IOException {
        try (JsonParser p = ContractJson.mapper().getFactory().createParser(json)) {
            return reader.read(p, p.nextToken());
        }
    }
}
