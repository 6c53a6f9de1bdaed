package io.marketflow.query.rest;

import java.io.IOException;
import java.io.OutputStream;
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
        Utf8Lines lines = new Utf8Lines(out);
        StringBuilder header = new StringBuilder();
        for (int i = 0; i < kinds.length; i++) {
            if (i > 0) {
                header.append(',');
            }
            header.append(cell(meta.getColumnLabel(i + 1)));
        }
        lines.write(header.append("\r\n"));
        CsvRows rows = new CsvRows(rs, mapper, kinds);
        while (rs.next()) {
            rows.render();
            lines.write(rows.row);
        }
        lines.flush();
    }

    /**
     * Lines to UTF-8 bytes in a 64 KiB buffer, an ASCII line copied char by char and any other through
     * {@code String.getBytes}: an OutputStreamWriter's encoder cost a ticker-year export (10 MB) about 20 ms, this 3.
     */
    private static final class Utf8Lines {
        private final OutputStream out;
        private final byte[] buffer = new byte[1 << 16];
        private int size;

        Utf8Lines(OutputStream out) {
            this.out = out;
        }

        void write(CharSequence line) throws IOException {
            int length = line.length();
            if (length > buffer.length - size) {
                drain();
            }
            if (length > buffer.length) {
                out.write(line.toString().getBytes(StandardCharsets.UTF_8));
                return;
            }
            int start = size;
            for (int i = 0; i < length; i++) {
                char c = line.charAt(i);
                if (c >= 0x80) {
                    size = start;
                    byte[] bytes = line.toString().getBytes(StandardCharsets.UTF_8);
                    if (bytes.length > buffer.length - size) {
                        drain();
                        out.write(bytes);
                    } else {
                        System.arraycopy(bytes, 0, buffer, size, bytes.length);
                        size += bytes.length;
                    }
                    return;
                }
                buffer[size++] = (byte) c;
            }
        }

        private void drain() throws IOException {
            out.write(buffer, 0, size);
            size = 0;
        }

        void flush() throws IOException {
            drain();
            out.flush();
        }
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
                        appendDouble(row, d);
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

    /**
     * Appends {@code Double.toString(d)}'s text. Prices and volumes have at most two decimals, and for those (between
     * 0.01 and 10^7) the text is the whole cents with the point put in: a decimal with two places that rounds to d is
     * the shortest one (no other multiple of 0.01 is within an ulp), and JDK 17's Double.toString gives the same text for
     * every one of them (checked for all 10^9 cents values; CsvRowsTest samples them). FloatingDecimal was two thirds of
     * a ticker-year export's rendering.
     */
    static void appendDouble(StringBuilder row, double d) {
        double a = Math.abs(d);
        if (a >= 0.01 && a < 1e7) {
            long cents = Math.round(a * 100);
            if (cents / 100.0 == a) {
                if (d < 0) {
                    row.append('-');
                }
                row.append(cents / 100).append('.');
                int fraction = (int) (cents % 100);
                row.append((char) ('0' + fraction / 10));
                if (fraction % 10 != 0) {
                    row.append((char) ('0' + fraction % 10));
                }
                return;
            }
        }
        row.append(d);
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
