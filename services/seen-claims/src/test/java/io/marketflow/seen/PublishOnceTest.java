package io.marketflow.seen;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.api.Test;

/** The recorded-run namespaces, with no database: a repository is never asked. */
class PublishOnceTest {

    private static PublishOnce<String> run(Optional<String> run) {
        return new PublishOnce<>(null, item -> item, run);
    }

    @Test
    void aRunsNamespaceFitsTheNamespaceColumnAndDiffersPerRun() {
        String a = run(Optional.of("run-1765065600")).namespace("newsapi", true);
        assertThat(a).startsWith("newsapi-run-").hasSize(20);
        assertThat(run(Optional.of("run-1765065601")).namespace("newsapi", true)).isNotEqualTo(a);
        assertThat(run(Optional.of("run-1765065600")).namespace("bluesky", true)).startsWith("bluesky-run-").hasSize(20);
    }

    @Test
    void liveStateIsTheSourceItselfWhateverTheRun() {
        assertThat(run(Optional.of("run-1765065600")).namespace("newsapi", false)).isEqualTo("newsapi");
        assertThat(run(Optional.empty()).namespace("x", false)).isEqualTo("x");
    }

    @Test
    void withoutARunIdOrWithABlankOneTheRecordedStateIsOneForGood() {
        assertThat(run(Optional.empty()).namespace("finnhub", true)).isEqualTo("finnhub-recorded");
        assertThat(run(Optional.of("  ")).namespace("finnhub", true)).isEqualTo("finnhub-recorded");
    }

    @Test
    void theDigestIsTheRunIdsSha256Start() {
        // SHA-256("abc") = ba7816bf...
        assertThat(RecordedRun.digest("abc")).isEqualTo("ba7816bf");
    }
}
