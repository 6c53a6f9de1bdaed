package io.marketflow.sink.domain;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Builds Hive-style {@code key=value/key=value} paths, escaping values the way Hive does so any reader decodes them.
 */
public final class HivePath {

    /** Hive's name for a partition whose value is null. */
    public static final String NULL_VALUE = "__HIVE_DEFAULT_PARTITION__";

    private static final String SPECIAL = "\"#%'*/:=?\\{[]^";

    private HivePath() {
    }

    /**
     * @param fields the partition fields, outermost first
     * @param row a flat row holding those fields
     * @return the Hive path, empty when there are no partition fields
     */
    public static String of(List<String> fields, Map<String, Object> row) {
        StringBuilder path = new StringBuilder(48);
        for (String field : fields) {
            if (path.length() > 0) {
                path.append('/');
            }
            Object value = row.get(field);
            path.append(field).append('=').append(value == null ? NULL_VALUE : escape(value.toString()));
        }
        return path.toString();
    }

    /**
     * @param fields the partition fields, outermost first
     * @param slots where each field's value sits in {@code flat}
     * @param flat a flat row
     * @return the Hive path, empty when there are no partition fields
     */
    public static String of(List<String> fields, int[] slots, Object[] flat) {
        StringBuilder path = new StringBuilder(48);
        for (int i = 0; i < slots.length; i++) {
            if (i > 0) {
                path.append('/');
            }
            Object value = flat[slots[i]];
            path.append(fields.get(i)).append('=').append(value == null ? NULL_VALUE : escape(value.toString()));
        }
        return path.toString();
    }

    /**
     * @param value a partition value
     * @return the value with path-unsafe characters as {@code %XX}, as Hive's {@code FileUtils.escapePathName}
     */
    public static String escape(String value) {
        if (value.isEmpty()) {
            return NULL_VALUE;
        }
        if (isPlain(value)) {
            // Tickers, dates and sources: nothing to escape, so no copy (this runs for every row).
            return value;
        }
        StringBuilder escaped = new StringBuilder(value.length());
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c < 0x20 || c == 0x7f || SPECIAL.indexOf(c) >= 0) {
                escaped.append('%').append(String.format("%02X", (int) c));
            } else if (c >= 0x80) {
                // Non-ASCII bytes pass through as UTF-8: re-decode them below.
                escaped.append(c);
            } else {
                escaped.append(c);
            }
        }
        byte[] raw = new byte[escaped.length()];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = (byte) escaped.charAt(i);
        }
        return new String(raw, StandardCharsets.UTF_8);
    }

    private static boolean isPlain(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c >= 0x7f || SPECIAL.indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }
}
