package io.marketflow.ingest.social.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.marketflow.ingest.social.config.SocialConfig.Mode;

/** The mode every provider (Bluesky, X) gets from its configured mode and its credential. */
class ModesTest {

    @Test
    void unsetIsLiveWithAKeyAndRecordedWithout() {
        assertThat(Modes.of(Optional.empty(), Optional.of("x-bearer"))).contains(Mode.LIVE);
        assertThat(Modes.of(Optional.empty(), Optional.empty())).contains(Mode.RECORDED);
        // X_BEARER_TOKEN= (empty in config.env or .env) counts as no token.
        assertThat(Modes.of(Optional.empty(), Optional.of(" "))).contains(Mode.RECORDED);
    }

    @Test
    void liveWithoutAKeyIsOff() {
        assertThat(Modes.of(Optional.of(Mode.LIVE), Optional.empty())).isEmpty();
        assertThat(Modes.of(Optional.of(Mode.LIVE), Optional.of(""))).isEmpty();
    }

    @Test
    void aConfiguredModeWinsOverTheKey() {
        assertThat(Modes.of(Optional.of(Mode.RECORDED), Optional.of("x-bearer"))).contains(Mode.RECORDED);
        assertThat(Modes.of(Optional.of(Mode.LIVE), Optional.of("x-bearer"))).contains(Mode.LIVE);
    }
}
