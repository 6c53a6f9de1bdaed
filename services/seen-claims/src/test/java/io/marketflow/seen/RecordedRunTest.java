package io.marketflow.seen;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.api.Test;

/** The recorded backfill's progress namespace: never the live source, one per run, inside VARCHAR(20). */
class RecordedRunTest {

    @Test
    void aRunGetsItsOwnNamespaceThatFitsTheColumn() {
        String first = new RecordedRun(Optional.of("run-1765000000")).namespace("alpaca");
        String second = new RecordedRun(Optional.of("run-1765000001")).namespace("alpaca");

        assertThat(first).startsWith(RecordedRun.runPrefix("alpaca")).hasSize("alpaca-run-".length() + 8).isNotEqualTo(second);
        assertThat(first.length()).isLessThanOrEqualTo(20);
        // The same run id (a restarted service within one local run) finds the same progress again.
        assertThat(new RecordedRun(Optional.of(" run-1765000000 ")).namespace("alpaca")).isEqualTo(first);
    }

    @Test
    void withoutARunOneRecordedNamespaceApartFromLive() {
        assertThat(new RecordedRun(Optional.empty()).namespace("alpaca")).isEqualTo("alpaca-recorded");
        assertThat(new RecordedRun(Optional.of("  ")).namespace("alpaca")).isEqualTo("alpaca-recorded");
    }
}
