package io.marketflow.ingest.market.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.marketflow.ingest.market.config.MarketConfig.Mode;

/** The Alpaca bar provider's mode from the configured mode and the two keys. */
class ModesTest {

    @Test
    void unsetIsLiveWithBothKeysAndRecordedOtherwise() {
        assertThat(Modes.alpaca(Optional.empty(), Optional.of("id"), Optional.of("secret"))).contains(Mode.LIVE);
        assertThat(Modes.alpaca(Optional.empty(), Optional.empty(), Optional.empty())).contains(Mode.RECORDED);
        assertThat(Modes.alpaca(Optional.empty(), Optional.of("id"), Optional.empty())).contains(Mode.RECORDED);
        assertThat(Modes.alpaca(Optional.empty(), Optional.empty(), Optional.of("secret"))).contains(Mode.RECORDED);
        assertThat(Modes.alpaca(Optional.empty(), Optional.of(" "), Optional.of("secret"))).contains(Mode.RECORDED);
    }

    @Test
    void liveWithoutKeysSwitchesTheProviderOffAndRecordedIsAllowedWithKeys() {
        assertThat(Modes.alpaca(Optional.of(Mode.LIVE), Optional.empty(), Optional.empty())).isEmpty();
        assertThat(Modes.alpaca(Optional.of(Mode.LIVE), Optional.of("id"), Optional.of("secret"))).contains(Mode.LIVE);
        assertThat(Modes.alpaca(Optional.of(Mode.RECORDED), Optional.of("id"), Optional.of("secret"))).contains(Mode.RECORDED);
    }
}
