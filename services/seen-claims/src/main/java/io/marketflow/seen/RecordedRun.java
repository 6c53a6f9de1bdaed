package io.marketflow.seen;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The namespace a recorded replay keeps its state under: never the live source's (a later live run must not skip what
 * only the recording covered), and one per local run when {@code MARKETFLOW_RECORDED_RUN} names one. Used by
 * {@link PublishOnce} (news and social seen items) and by ingest-market's recorded backfill progress.
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
     * @param provider the provider or platform, e.g. {@code alpaca}
     * @return {@code <provider>-run-<digest>} with a run id, {@code <provider>-recorded} without; the namespace columns
     *         are {@code VARCHAR(20)}, and {@code finnhub-run-}, {@code bluesky-run-} or {@code alpaca-run-} plus 8 fits
     *         any run id without a migration
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

    /**
     * The run id as 8 hex digits of its SHA-256; two run ids sharing a digest (1 in 4 billion) would only mean a replay
     * that publishes nothing.
     *
     * @param run a run id
     * @return its digest
     */
    static String digest(String run) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(run.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
