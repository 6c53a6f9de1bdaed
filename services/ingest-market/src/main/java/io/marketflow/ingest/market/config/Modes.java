package io.marketflow.ingest.market.config;

import java.util.Optional;

import io.marketflow.ingest.market.config.MarketConfig.Mode;

/** Decides the Alpaca bar provider's mode: the configured one, else live with both keys and recorded without. */
public final class Modes {

    private Modes() {
    }

    /**
     * @param configured {@code marketflow.market.alpaca.mode}
     * @param keyId {@code ALPACA_API_KEY_ID}
     * @param secretKey {@code ALPACA_API_SECRET_KEY}
     * @return the mode; empty (provider off) when live is asked for and a key is missing
     */
    public static Optional<Mode> alpaca(Optional<Mode> configured, Optional<String> keyId, Optional<String> secretKey) {
        // Alpaca refuses a request that lacks either header, so one key alone is as good as none.
        boolean hasKeys = nonBlank(keyId) && nonBlank(secretKey);
        Mode mode = configured.orElse(hasKeys ? Mode.LIVE : Mode.RECORDED);
        return mode == Mode.LIVE && !hasKeys ? Optional.empty() : Optional.of(mode);
    }

    private static boolean nonBlank(Optional<String> value) {
        return value.filter(v -> !v.isBlank()).isPresent();
    }
}
