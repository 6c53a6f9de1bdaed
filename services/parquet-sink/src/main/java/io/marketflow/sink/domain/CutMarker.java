package io.marketflow.sink.domain;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * The write-ahead note committed with a segment's start offset before its files are uploaded: {@code cut=E} says the
 * segment that starts at the committed offset ends at offset E, so whoever replays it cuts at E again. It also says
 * how those files were laid out ({@code layout=} a fingerprint of bucket, prefix, partition levels and schema;
 * {@code at=} bucket and prefix), so a replay after an upgrade that changed the layout finds the copies written
 * under the old one.
 */
public final class CutMarker {

    private static final String PREFIX = "cut=";
    private static final String LAYOUT = ";layout=";
    private static final String AT = ";at=";

    private CutMarker() {
    }

    /**
     * Where and how an interrupted cut wrote its files.
     *
     * @param layout the dataset's {@link DatasetSpec#layoutFingerprint()} then
     * @param bucket its bucket
     * @param prefix its key prefix (may be empty)
     */
    public record WrittenAs(String layout, String bucket, String prefix) {
    }

    /**
     * @param end the last offset of the segment
     * @return the commit metadata of a marker without layout (as older versions wrote)
     */
    public static String of(long end) {
        return PREFIX + end;
    }

    /**
     * @param end the last offset of the segment
     * @param spec the dataset the files are written for
     * @return the commit metadata
     */
    public static String of(long end, DatasetSpec spec) {
        // at= comes last: a prefix may hold any character, a bucket name no ';' or '/'.
        return PREFIX + end + LAYOUT + spec.layoutFingerprint() + AT + spec.bucket() + "/" + spec.prefix();
    }

    /**
     * @param metadata commit metadata, possibly null or foreign
     * @return the cut offset, empty when the metadata is not a cut marker
     */
    public static OptionalLong parse(String metadata) {
        if (metadata == null || !metadata.startsWith(PREFIX)) {
            return OptionalLong.empty();
        }
        int end = metadata.indexOf(';');
        try {
            return OptionalLong.of(Long.parseLong(metadata.substring(PREFIX.length(), end < 0 ? metadata.length() : end)));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /**
     * @param metadata a cut marker's commit metadata
     * @return how its files were laid out; empty for a marker that does not say (written by an older version)
     */
    public static Optional<WrittenAs> writtenAs(String metadata) {
        if (parse(metadata).isEmpty()) {
            return Optional.empty();
        }
        int layout = metadata.indexOf(LAYOUT);
        int at = metadata.indexOf(AT);
        if (layout < 0 || at < layout) {
            return Optional.empty();
        }
        String location = metadata.substring(at + AT.length());
        int slash = location.indexOf('/');
        if (slash < 0) {
            return Optional.empty();
        }
        return Optional.of(new WrittenAs(metadata.substring(layout + LAYOUT.length(), at), location.substring(0, slash), location.substring(slash + 1)));
    }
}
