package io.marketflow.sink.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** File names and cut markers: the two strings the exactly-once protocol relies on. */
class SegmentNameTest {

    @Test
    void formatsAndParsesTheDeterministicName() {
        SegmentName name = new SegmentName("stock_trades", 3, 100, 199);
        assertThat(name.fileName()).isEqualTo("stock_trades+3+00000000000000000100+00000000000000000199.parquet");
        assertThat(SegmentName.parse("source=x/ticker=A/" + name.fileName())).contains(name);
        assertThat(SegmentName.parse("ticker=A/other.parquet")).isEmpty();
    }

    @Test
    void coversOnlyContainedRangesOfTheSamePartition() {
        SegmentName merged = new SegmentName("t", 0, 0, 99);
        assertThat(merged.covers(new SegmentName("t", 0, 10, 20))).isTrue();
        assertThat(merged.covers(new SegmentName("t", 1, 10, 20))).isFalse();
        assertThat(merged.covers(new SegmentName("t", 0, 90, 100))).isFalse();
    }

    @Test
    void readsTheWriteAheadCutMarker() {
        assertThat(CutMarker.parse(CutMarker.of(42))).hasValue(42);
        assertThat(CutMarker.parse("")).isEmpty();
        assertThat(CutMarker.parse(null)).isEmpty();
        assertThat(CutMarker.parse("cut=x")).isEmpty();
    }
}
