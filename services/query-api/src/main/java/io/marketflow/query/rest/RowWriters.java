package io.marketflow.query.rest;

import java.io.IOException;
import java.io.OutputStream;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.marketflow.query.domain.Cursor;
import io.marketflow.query.lake.LakeColumn;
import io.marketflow.query.repository.RowConsumer;

/**
 * Row writers that go from an open result to the response one row at a time (nothing but the current row in the
 * heap): a JSON page with its cursor, JSON lines, CSV. Instants are ISO-8601 UTC with their microseconds, dates ISO,
 * lists and maps JSON (inside a CSV cell too), non-finite doubles null.
 */
final class RowWriters {

    private RowWriters() {
    }

    /**
     * @param out the response body
     * @param mapper Jackson
     * @param keys the sort key (the cursor's columns)
     * @param limit rows of the page; the query asked for one more, which only tells whether a next page exists
     * @return a consumer writing {@code {"rows": [...], "next": "…"|null}}
     */
    static RowConsumer jsonPage(OutputStream out, ObjectMapper mapper, List<LakeColumn> keys, int limit) {
        return rs -> {
            String[] names = labels(rs.getMetaData());
            CsvRows.Kind[] kinds = CsvRows.kinds(rs.getMetaData());
            try (JsonGenerator json = mapper.getFactory().createGenerator(out, JsonEncoding.UTF8)) {
                json.writeStartObject();
                json.writeArrayFieldStart("rows");
                int written = 0;
                List<Object> last = null;
                boolean more = false;
                while (rs.next()) {
                    if (written == limit) {
                        more = true;
                        break;
                    }
                    writeObject(json, rs, names, kinds);
                    written++;
                    if (written == limit) {
                        // Only the page's last row's key can become the cursor.
                        last = new ArrayList<>(keys.size());
                        for (LakeColumn key : keys) {
                            last.add(rs.getObject(key.name()));
                        }
                    }
                }
                json.writeEndArray();
                json.writeNumberField("count", written);
                json.writeStringField("next", more && last != null ? Cursor.encode(keys, last) : null);
                json.writeEndObject();
            }
        };
    }

    /**
     * @param out the response body
     * @param mapper Jackson
     * @return a consumer writing one JSON object per line
     */
    static RowConsumer jsonLines(OutputStream out, ObjectMapper mapper) {
        return rs -> {
            String[] names = labels(rs.getMetaData());
            CsvRows.Kind[] kinds = CsvRows.kinds(rs.getMetaData());
            JsonGenerator json = mapper.getFactory().createGenerator(out, JsonEncoding.UTF8);
            json.setRootValueSeparator(null);
            while (rs.next()) {
                writeObject(json, rs, names, kinds);
                json.writeRaw('\n');
            }
            json.flush();
        };
    }

    /**
     * @param out the response body
     * @param mapper Jackson, for list and map cells
     * @return a consumer writing a header line and one CSV line per row
     */
    static RowConsumer csv(OutputStream out, ObjectMapper mapper) {
        return rs -> CsvRows.write(out, mapper, rs);
    }

    /**
     * Writes one row as a JSON object: DuckDB's scalars through their primitive getters (the text Jackson gives their
     * boxed values), the rest through {@link #value}; non-finite doubles are null.
     */
    static void writeObject(JsonGenerator json, ResultSet rs, String[] names, CsvRows.Kind[] kinds) throws SQLException, IOException {
        json.writeStartObject();
        for (int i = 0; i < names.length; i++) {
            json.writeFieldName(names[i]);
            int c = i + 1;
            switch (kinds[i]) {
                case DOUBLE -> {
                    double d = rs.getDouble(c);
                    if (rs.wasNull() || !Double.isFinite(d)) {
                        json.writeNull();
                    } else {
                        json.writeNumber(d);
                    }
                }
                case INTEGER -> {
                    long n = rs.getLong(c);
                    if (rs.wasNull()) {
                        json.writeNull();
                    } else {
                        json.writeNumber(n);
                    }
                }
                case BOOLEAN -> {
                    boolean b = rs.getBoolean(c);
                    if (rs.wasNull()) {
                        json.writeNull();
                    } else {
                        json.writeBoolean(b);
                    }
                }
                case TEXT -> json.writeString(rs.getString(c));
                case INSTANT -> {
                    OffsetDateTime t = rs.getObject(c, OffsetDateTime.class);
                    json.writeString(t == null ? null : t.toInstant().toString());
                }
                case OTHER -> {
                    Object v = value(rs, c);
                    if (v instanceof Double d && !Double.isFinite(d)) {
                        json.writeNull();
                    } else {
                        json.writeObject(v);
                    }
                }
                default -> throw new IllegalStateException(kinds[i].name());
            }
        }
        json.writeEndObject();
    }

    /**
     * @param rs a result on a row
     * @param column a column index
     * @return its value as JSON and CSV show it: String for instants and dates, List, Map, Number, Boolean, String
     */
    static Object value(ResultSet rs, int column) throws SQLException {
        Object v = rs.getObject(column);
        if (v == null) {
            return null;
        }
        if (v instanceof Timestamp) {
            // PostgreSQL's timestamptz: read it as an offset date-time, not in the JVM's zone.
            v = rs.getObject(column, OffsetDateTime.class);
        }
        return plain(v);
    }

    private static Object plain(Object v) throws SQLException {
        if (v instanceof OffsetDateTime t) {
            return t.toInstant().toString();
        }
        if (v instanceof java.sql.Date d) {
            return d.toLocalDate().toString();
        }
        if (v instanceof java.time.temporal.TemporalAccessor t) {
            return t.toString();
        }
        if (v instanceof Array a) {
            Object[] items = (Object[]) a.getArray();
            List<Object> list = new ArrayList<>(items.length);
            for (Object item : items) {
                list.add(item == null ? null : plain(item));
            }
            return list;
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                map.put(String.valueOf(e.getKey()), e.getValue() == null ? null : plain(e.getValue()));
            }
            return map;
        }
        return v;
    }

    private static String[] labels(ResultSetMetaData meta) throws SQLException {
        String[] names = new String[meta.getColumnCount()];
        for (int i = 0; i < names.length; i++) {
            names[i] = meta.getColumnLabel(i + 1);
        }
        return names;
    }
}
