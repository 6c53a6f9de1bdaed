package io.marketflow.ingest.macro.config;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.runtime.Startup;

import io.marketflow.ingest.macro.domain.SeriesRef;

/**
 * Checks at startup what the config annotations cannot: the series lists, the mode against the key, durations; each
 * failure names its key. Resolves the effective modes.
 */
@Startup
@ApplicationScoped
public class MacroConfigValidator {

    private final List<SeriesRef> fredSeries;
    private final List<SeriesRef> worldBankIndicators;
    private final boolean fredRecorded;
    private final String worldBankMode;

    public MacroConfigValidator(MacroConfig config) {
        this.fredSeries = SeriesRef.parse("marketflow.macro.fred.series", config.fred().series());
        this.worldBankIndicators = SeriesRef.parse("marketflow.macro.world-bank.indicators", config.worldBank().indicators());
        String mode = config.fred().mode();
        if ("live".equals(mode) && config.fred().apiKey().isEmpty()) {
            throw new IllegalArgumentException("marketflow.macro.fred.mode: live needs marketflow.macro.fred.api-key (FRED_API_KEY)");
        }
        this.fredRecorded = "recorded".equals(mode) || ("auto".equals(mode) && config.fred().apiKey().isEmpty());
        String wb = config.worldBank().mode();
        this.worldBankMode = "auto".equals(wb) ? (fredRecorded ? "recorded" : "live") : wb;
        positive("marketflow.macro.schedule.poll-interval", config.schedule().pollInterval());
        positive("marketflow.macro.schedule.poll-lookback", config.schedule().pollLookback());
        positive("marketflow.macro.schedule.stale-after", config.schedule().staleAfter());
        if (config.worldBank().publicationLag().isNegative()) {
            throw new IllegalArgumentException("marketflow.macro.world-bank.publication-lag: must not be negative");
        }
        if (!config.fred().realtimeStart().isBefore(config.fred().start())) {
            throw new IllegalArgumentException("marketflow.macro.fred.realtime-start: must be before marketflow.macro.fred.start");
        }
        for (String prefix : new String[] { "fred", "world-bank" }) {
            MacroConfig.Retry retry = "fred".equals(prefix) ? config.fred().retry() : config.worldBank().retry();
            positive("marketflow.macro." + prefix + ".retry.initial-backoff", retry.initialBackoff());
            if (retry.maxBackoff().compareTo(retry.initialBackoff()) < 0) {
                throw new IllegalArgumentException("marketflow.macro." + prefix + ".retry.max-backoff: must not be shorter than initial-backoff");
            }
        }
    }

    private static void positive(String key, java.time.Duration value) {
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(key + ": must be positive, was " + value);
        }
    }

    /** @return the FRED series */
    public List<SeriesRef> fredSeries() {
        return fredSeries;
    }

    /** @return the World Bank indicators */
    public List<SeriesRef> worldBankIndicators() {
        return worldBankIndicators;
    }

    /** @return true when FRED is replayed from the recordings */
    public boolean fredRecorded() {
        return fredRecorded;
    }

    /** @return {@code live}, {@code recorded} or {@code off} */
    public String worldBankMode() {
        return worldBankMode;
    }
}
