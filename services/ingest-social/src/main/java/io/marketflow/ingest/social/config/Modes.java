package io.marketflow.ingest.social.config;

import java.util.Optional;

import io.marketflow.ingest.social.config.SocialConfig.Mode;

/** Decides each provider's mode: the configured one, else live with a key and recorded without. */
public final class Modes {

    private Modes() {
    }

    /**
     * @param configured {@code marketflow.social.bluesky.mode} or {@code marketflow.social.x.mode}
     * @param apiKey the provider's credential (for Bluesky: the app password when a handle is set too; for X: the bearer token)
     * @return the provider's mode; empty (provider off) when live is asked for and the key is missing
     */
    public static Optional<Mode> of(Optional<Mode> configured, Optional<String> apiKey) {
        boolean hasKey = apiKey.filter(k -> !k.isBlank()).isPresent();
        Mode mode = configured.orElse(hasKey ? Mode.LIVE : Mode.RECORDED);
        return mode == Mode.LIVE && !hasKey ? Optional.empty() : Optional.of(mode);
    }
}
