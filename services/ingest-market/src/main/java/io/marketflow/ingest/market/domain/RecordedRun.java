package io.marketflow.ingest.market.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Where the recorded backfill keeps its {@code backfill_progress}: never under the live source (a later live run with
 * keys must not skip weeks only the recording covered), and per local run when {@code MARKETFLOW_RECORDED_RUN} names
 * one, with the same namespaces as the news and social services' recorded replays ({@code services/seen-claims}).
 *
 * @param run the local run's id; empty: one recorded progress, kept for good
 */
public record RecordedRun(Optional<String> run) {

    /** Start of a run's namespace after the provider; the rest is 8 hex digits of the run id's SHA-256. */
    public static final String RUN_INFIX = "-run-";
    /** Suffix of the namespace without a run id. */
    public static final String RECORDED_SUFFIX = "-recorded";

    public RecordedRun {
        run = run.map(String::trim).filter(r -> !r.isEmpty());
    }

    /**
     * @param provider the provider, e.g. {@code alpaca}
     * @return {@code <provider>-run-<digest>} with a run id, {@code <provider>-recorded} without; at most 19 characters for
     *         {@code alpaca}, inside {@code backfill_progress.source VARCHAR(20)}
     */
    public String namespace(String provider) {
        return run.map(r -> provider + RUN_INFIX + digest(r)).orElse(provider + RECORDED_SUFFIX);
    }

    /**
     * @param provider the provider
     * @return the prefix every run's namespace of that provider starts with
     */
    public static String runPrefix(String provider) {
        return provider + RUN_INFIX;
    }

    private static String digest(String run) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(run.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
