package io.marketflow.query.domain;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import io.marketflow.query.lake.LakeColumn;

/**
 * The keyset cursor of a page: the sort key of the page's last row, opaque to clients (base64url). Each value is
 * decoded to its column's Java type before it is bound as a parameter, so a forged cursor is a 400, never SQL.
 */
public final class Cursor {

    private static final String SEPARATOR = "\u001f";
    private static final String VERSION = "v1";

    private Cursor() {
    }

    /**
     * @param keys the sort key columns
     * @param values the last row's values of those columns (OffsetDateTime, LocalDate, Number, String)
     * @return the cursor text
     */
    public static String encode(List<LakeColumn> keys, List<Object> values) {
        StringBuilder text = new StringBuilder(VERSION);
        for (int i = 0; i < keys.size(); i++) {
            Object v = values.get(i);
            text.append(SEPARATOR);
            if (v instanceof OffsetDateTime t) {
                text.append(ChronoUnit.MICROS.between(Instant.EPOCH, t.toInstant()));
            } else if (v instanceof java.sql.Timestamp t) {
                text.append(ChronoUnit.MICROS.between(Instant.EPOCH, t.toInstant()));
            } else {
                text.append(v);
            }
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @param cursor the cursor parameter
     * @param keys the sort key columns it must hold
     * @return the typed values, in key order
     * @throws InvalidRequestException when it is not a cursor of this query
     */
    public static List<Object> decode(String cursor, List<LakeColumn> keys) {
        String[] parts;
        try {
            parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split(SEPARATOR, -1);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("cursor is not valid");
        }
        if (parts.length != keys.size() + 1 || !VERSION.equals(parts[0])) {
            throw new InvalidRequestException("cursor is not valid for this query");
        }
        List<Object> values = new ArrayList<>(keys.size());
        try {
            for (int i = 0; i < keys.size(); i++) {
                String raw = parts[i + 1];
                values.add(switch (keys.get(i).type()) {
                    case "TIMESTAMPTZ" -> OffsetDateTime.ofInstant(Instant.EPOCH.plus(Long.parseLong(raw), ChronoUnit.MICROS), ZoneOffset.UTC);
                    case "DATE" -> LocalDate.parse(raw);
                    case "INTEGER" -> Integer.parseInt(raw);
                    case "BIGINT" -> Long.parseLong(raw);
                    default -> raw;
                });
            }
        } catch (RuntimeException e) {
            throw new InvalidRequestException("cursor is not valid for this query");
        }
        return values;
    }
}
