package io.marketflow.ingest.news.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.marketflow.ingest.news.config.NewsConfig.Mode;

/** A provider's mode from the configured mode and its key. */
class ModesTest {

    @Test
    void recordedWithoutAKeyLiveWithOne() {
        assertThat(Modes.of(Optional.empty(), Optional.empty())).contains(Mode.RECORDED);
        assertThat(Modes.of(Optional.empty(), Optional.of(" "))).contains(Mode.RECORDED);
        assertThat(Modes.of(Optional.empty(), Optional.of("k"))).contains(Mode.LIVE);
    }

    @Test
    void liveWithoutAKeySwitchesTheProviderOffAndRecordedIsAlwaysAllowed() {
        assertThat(Modes.of(Optional.of(Mode.LIVE), Optional.empty())).isEmpty();
        assertThat(Modes.of(Optional.of(Mode.RECORDED), Optional.of("k"))).contains(Mode.RECORDED);
    }
}
