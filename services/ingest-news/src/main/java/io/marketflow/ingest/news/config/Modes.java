package io.marketflow.ingest.news.config;

import java.util.Optional;

import io.marketflow.ingest.news.config.NewsConfig.Mode;

/** Decides each provider's mode: the configured one, else live with a key and recorded without. */
public final class Modes {

    private Modes() {
    }

    /**
     * @param configured {@code marketflow.news.mode}
     * @param apiKey the provider's key
     * @return the provider's mode; empty (provider off) when live is asked for and the key is missing
     */
    public static Optional<Mode> of(Optional<Mode> configured, Optional<String> apiKey) {
        boolean hasKey = apiKey.filter(k -> !k.isBlank()).isPresent();
        Mode mode = configured.orElse(hasKey ? Mode.LIVE : Mode.RECORDED);
        return mode == Mode.LIVE && !hasKey ? Optional.empty() : Optional.of(mode);
    }
}
