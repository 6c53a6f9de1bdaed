package io.marketflow.sink.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.marketflow.contract.ContractJson;
import io.marketflow.contract.Trade;

/** The trade fast path agrees with the contract mapper on every record it accepts, and leaves the rest to it. */
class TradeJsonReaderTest {

    @Test
    void readsWhatTheContractWritesExactlyAsTheContractMapperDoes() {
        List<byte[]> values = new ArrayList<>();
        Instant base = Instant.parse("2026-11-20T14:30:00Z");
        for (int i = 0; i < 2_000; i++) {
            Trade trade = i % 2 == 0 ? Trade.synthetic("T" + i % 7, base.plusNanos(i * 1_000_003L), 100 + i * 0.01, 1 + i % 300)
                    : new Trade(1, "T" + i % 7, base.plusNanos(i * 1_000_003L), 100 + i * 0.01, 1 + i % 300, "V", (long) i, List.of("@", "T"), "C", "alpaca", false);
            values.add(ContractJson.toBytes(trade));
        }
        values.add("{\"ticker\":\"A\",\"timestamp\":\"2026-11-20T14:30:00.1Z\",\"price\":1,\"size\":2,\"extra\":{\"x\":[1,2]},\"trade_id\":7}".getBytes());
        values.add("{\"ticker\":\"A\",\"timestamp\":\"2026-11-20T14:30:00Z\",\"price\":-1,\"size\":2,\"ticker\":\"B\"}".getBytes());

        for (byte[] value : values) {
            Trade fast = TradeJsonReader.read(value);
            assertThat(fast).as(new String(value)).isNotNull().isEqualTo(ContractJson.fromBytes(value, Trade.class));
        }
    }

    @Test
    void leavesUnusualOrInvalidRecordsToTheContractMapper() {
        for (String json : List.of("oops", "[1]", "{\"ticker\":\"A\"",
                "{\"ticker\":null,\"timestamp\":\"2026-11-20T14:30:00Z\",\"price\":1,\"size\":2}",
                "{\"ticker\":\"A\",\"timestamp\":1700000000.5,\"price\":1,\"size\":2}",
                "{\"ticker\":\"A\",\"timestamp\":\"2026-11-20T14:30:00Z\",\"price\":\"1.5\",\"size\":2}",
                "{\"ticker\":\"A\",\"timestamp\":\"2026-11-20T14:30:00Z\",\"price\":1,\"size\":2,\"conditions\":null}",
                "{\"schema_version\":99,\"ticker\":\"A\",\"timestamp\":\"2026-11-20T14:30:00Z\",\"price\":1,\"size\":2}",
                "{\"ticker\":\"A\",\"timestamp\":\"2026-11-20T14:30:00+01:00\",\"price\":1,\"size\":2}")) {
            assertThat(TradeJsonReader.read(json.getBytes())).as(json).isNull();
        }
    }
}
