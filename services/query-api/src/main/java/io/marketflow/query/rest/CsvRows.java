package io.marketflow.query.rest;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * CSV rows rendered by column kind, decided once from the result's type names: DuckDB's scalar types through their
 * primitive getters and an instant formatter that reuses the row's date, anything else (lists, maps, PostgreSQL's types)
 * through {@link RowWriters#value}. The text is {@link RowWriters#value}'s, cell for cell (a ticker-year export spent
 * three quarters of its time in boxing, {@code Instant.toString} and one writer call per cell).
 */
final class CsvRows {

    /** How a column is read and rendered (shared with the JSON writers). */
    enum Kind { DOUBLE, INTEGER, BOOLEAN, TEXT, INSTANT, OTHER }

    private final ResultSet rs;
    private final ObjectMapper mapper;
    private final Kind[] kinds;
    private final StringBuilder row = new StringBuilder(256);
    private long day = Long.MIN_VALUE;
    private String dayText;

    private CsvRows(ResultSet rs, ObjectMapper mapper, Kind[] kinds) {
        this.rs = rs;
        this.mapper = mapper;
        this.kinds = kinds;
    }

    /**
     * @param out the response body
     * @param mapper Jackson, for list and map cells
     * @param rs the open result
     * @throws SQLException when reading fails
     * @throws IOException when writing fails
     */
    static void write(OutputStream out, ObjectMapper mapper, ResultSet rs) throws SQLException, IOException {
        ResultSetMetaData meta = rs.getMetaData();
        Kind[] kinds = kinds(meta);
        Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        for (int i = 0; i < kinds.length; i++) {
            if (i > 0) {
                w.write(',');
            }
            w.write(cell(meta.getColumnLabel(i + 1)));
        }
        w.write("\r\n");
        CsvRows rows = new CsvRows(rs, mapper, kinds);
        while (rs.next()) {
            rows.render();
            w.append(rows.row);
        }
        w.flush();
    }

    /**
     * @param meta a result's columns
     * @return each column's kind
     * @throws SQLException when the metadata cannot be read
     */
    static Kind[] kinds(ResultSetMetaData meta) throws SQLException {
        Kind[] kinds = new Kind[meta.getColumnCount()];
        for (int i = 0; i < kinds.length; i++) {
            kinds[i] = kind(meta.getColumnTypeName(i + 1));
        }
        return kinds;
    }

    /** DuckDB's names of the types rendered without {@code getObject}; PostgreSQL's (float8, timestamptz…) are OTHER. */
    static Kind kind(String typeName) {
        return switch (typeName) {
            case "DOUBLE" -> Kind.DOUBLE;
            case "BIGINT", "INTEGER", "SMALLINT", "TINYINT", "UINTEGER", "USMALLINT", "UTINYINT" -> Kind.INTEGER;
            case "BOOLEAN" -> Kind.BOOLEAN;
            case "VARCHAR" -> Kind.TEXT;
            case "TIMESTAMP WITH TIME ZONE" -> Kind.INSTANT;
            default -> Kind.OTHER;
        };
    }

    private void render() throws SQLException, IOException {
        row.setLength(0);
        for (int i = 0; i < kinds.length; i++) {
            if (i > 0) {
                row.append(',');
            }
            int c = i + 1;
            switch (kinds[i]) {
                case DOUBLE -> {
                    double d = rs.getDouble(c);
                    if (!rs.wasNull()) {
                        row.append(Double.toString(d));
                    }
                }
                case INTEGER -> {
                    long n = rs.getLong(c);
                    if (!rs.wasNull()) {
                        row.append(n);
                    }
                }
                case BOOLEAN -> {
                    boolean b = rs.getBoolean(c);
                    if (!rs.wasNull()) {
                        row.append(b);
                    }
                }
                case TEXT -> {
                    String s = rs.getString(c);
                    if (s != null) {
                        row.append(cell(s));
                    }
                }
                case INSTANT -> {
                    OffsetDateTime t = rs.getObject(c, OffsetDateTime.class);
                    if (t != null) {
                        instant(t.toInstant());
                    }
                }
                case OTHER -> {
                    Object v = RowWriters.value(rs, c);
                    if (v != null) {
                        row.append(cell(v instanceof List<?> || v instanceof Map<?, ?> ? mapper.writeValueAsString(v) : v.toString()));
                    }
                }
                default -> throw new IllegalStateException(kinds[i].name());
            }
        }
        row.append("\r\n");
    }

    /** Appends {@code Instant.toString()}'s text (ISO_INSTANT: no fraction, or 3, 6 or 9 digits of it). */
    private void instant(Instant t) {
        long seconds = t.getEpochSecond();
        long epochDay = Math.floorDiv(seconds, 86_400);
        if (epochDay != day) {
            LocalDate date = LocalDate.ofEpochDay(epochDay);
            if (date.getYear() < 0 || date.getYear() > 9999) {
                // ISO_INSTANT signs such years and pads them differently: leave it to the JDK.
                row.append(t);
                return;
            }
            day = epochDay;
            dayText = date + "T";
        }
        int secondOfDay = (int) Math.floorMod(seconds, 86_400);
        row.append(dayText);
        two(secondOfDay / 3600);
        row.append(':');
        two(secondOfDay / 60 % 60);
        row.append(':');
        two(secondOfDay % 60);
        int nano = t.getNano();
        if (nano > 0) {
            row.append('.');
            if (nano % 1_000_000 == 0) {
                digits(nano / 1_000_000, 3);
            } else if (nano % 1000 == 0) {
                digits(nano / 1000, 6);
            } else {
                digits(nano, 9);
            }
        }
        row.append('Z');
    }

    private void two(int n) {
        row.append((char) ('0' + n / 10)).append((char) ('0' + n % 10));
    }

    private void digits(int n, int width) {
        String s = Integer.toString(n);
        for (int i = s.length(); i < width; i++) {
            row.append('0');
        }
        row.append(s);
    }

    static String cell(String text) {
        boolean quote = text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0;
        return quote ? '"' + text.replace("\"", "\"\"") + '"' : text;
    }
}
