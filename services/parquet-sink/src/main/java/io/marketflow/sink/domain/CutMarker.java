package io.marketflow.sink.domain;

import java.util.OptionalLong;

/**
 * The write-ahead note committed with a segment's start offset before its files are uploaded: {@code cut=E} says the
 * segment that starts at the committed offset ends at offset E, so whoever replays it cuts at E again.
 */
public final class CutMarker {

    private static final String PREFIX = "cut=";

    private CutMarker() {
    }

    /**
     * @param end the last offset of the segment
     * @return the commit metadata
     */
    public static String of(long end) {
        return PREFIX + end;
    }

    /**
     * @param metadata commit metadata, possibly null or foreign
     * @return the cut offset, empty when the metadata is not a cut marker
     */
    public static OptionalLong parse(String metadata) {
        if (metadata == null || !metadata.startsWith(PREFIX)) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(metadata.substring(PREFIX.length())));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
