package io.marketflow.query.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The CSV and JSON row writers by column kind against the per-value text they replaced, cell for cell, on real DuckDB results. */
class CsvRowsTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void rendersEveryKindAsThePerValuePathDid() throws SQLException, Exception {
        // Instants with no fraction, millis, micros, before 1970 and around midnight; doubles finite, huge, tiny and not
        // finite; nulls of every kind; text needing quotes, not ASCII, longer than the 64 KiB buffer; a list and a map
        // (rendered by the general path).
        String sql = "SELECT * FROM (VALUES "
                + "(TIMESTAMPTZ '2025-06-03 13:30:00+00', 100.0::DOUBLE, 1::INTEGER, 42::BIGINT, true, 'alpaca', [1, 2], MAP {'a': 1}, DATE '2025-06-03', 1.5::FLOAT), "
                + "(TIMESTAMPTZ '2025-06-03 13:30:00.123+00', 1e300::DOUBLE, -7::INTEGER, -9223372036854775807::BIGINT, false, 'a,\"b\"', [], MAP {}, DATE '1969-12-31', NULL), "
                + "(TIMESTAMPTZ '2025-06-03 23:59:59.000001+00', 'NaN'::DOUBLE, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL), "
                + "(TIMESTAMPTZ '1969-12-31 23:59:59.5+00', '-Infinity'::DOUBLE, 0, 0, true, 'line' || chr(10) || 'break', [3, NULL], NULL, NULL, NULL), "
                + "(TIMESTAMPTZ '0099-01-01 00:00:00+00', 1e-7::DOUBLE, 0, 0, true, '', NULL, NULL, NULL, NULL), "
                + "(TIMESTAMPTZ '2025-06-03 13:31:00+00', -187.23::DOUBLE, 0, 0, true, 'café ☕ 日本', NULL, NULL, NULL, NULL), "
                + "(TIMESTAMPTZ '2025-06-03 13:32:00+00', 0.05::DOUBLE, 0, 0, true, repeat('x', 70000), NULL, NULL, NULL, NULL), "
                + "(TIMESTAMPTZ '2025-06-03 13:33:00+00', 3.0::DOUBLE, 0, 0, true, repeat('é', 40000), NULL, NULL, NULL, NULL), "
                + "(NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)"
                + ") t(\"timestamp\", open, kafka_partition, kafka_offset, price_jump, source, tags, counts, day, f)";
        try (Connection c = new org.duckdb.DuckDBDriver().connect("jdbc:duckdb:", new Properties()); Statement st = c.createStatement()) {
            st.execute("SET TimeZone = 'UTC'");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (ResultSet rs = st.executeQuery(sql)) {
                // The fast paths are taken: DuckDB's type names are the ones CsvRows knows.
                assertThat(CsvRows.kinds(rs.getMetaData())).containsExactly(CsvRows.Kind.INSTANT, CsvRows.Kind.DOUBLE, CsvRows.Kind.INTEGER,
                        CsvRows.Kind.INTEGER, CsvRows.Kind.BOOLEAN, CsvRows.Kind.TEXT, CsvRows.Kind.OTHER, CsvRows.Kind.OTHER, CsvRows.Kind.OTHER, CsvRows.Kind.OTHER);
                CsvRows.write(out, MAPPER, rs);
            }
            StringBuilder expected = new StringBuilder();
            try (ResultSet rs = st.executeQuery(sql)) {
                int n = rs.getMetaData().getColumnCount();
                for (int i = 1; i <= n; i++) {
                    expected.append(i > 1 ? "," : "").append(rs.getMetaData().getColumnLabel(i));
                }
                expected.append("\r\n");
                while (rs.next()) {
                    for (int i = 1; i <= n; i++) {
                        Object v = RowWriters.value(rs, i);
                        expected.append(i > 1 ? "," : "");
                        if (v != null) {
                            expected.append(CsvRows.cell(v instanceof List<?> || v instanceof Map<?, ?> ? MAPPER.writeValueAsString(v) : v.toString()));
                        }
                    }
                    expected.append("\r\n");
                }
            }
            String csv = out.toString(StandardCharsets.UTF_8);
            assertThat(csv).isEqualTo(expected.toString());
            assertThat(csv).contains("2025-06-03T13:30:00Z,100.0,1,42,true,alpaca,").contains("2025-06-03T13:30:00.123Z")
                    .contains("2025-06-03T23:59:59.000001Z,NaN").contains("1969-12-31T23:59:59.500Z").contains("0099-01-01T00:00:00Z")
                    .contains("\"a,\"\"b\"\"\"").contains(",-187.23,0,0,true,café ☕ 日本,").contains(",0.05,0,0,true,xxx");
        }
    }

    @Test
    void writesDoublesAsDoubleToStringDoes() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(20261207);
        List<Double> values = new java.util.ArrayList<>(List.of(0.0, -0.0, 0.01, -0.01, 0.005, 0.015, 0.1 + 0.2, 1e-3, 9_999_999.99,
                9_999_999.995, 1e7, -1e7, 1e7 - 0.01, 100.5, 187.23, -3.07, Double.NaN, Double.POSITIVE_INFINITY, Double.MIN_VALUE, Double.MAX_VALUE));
        // Every cents value up to 10^4.00, then a sample up to 10^7 with either sign, and doubles with any bits.
        for (long cents = 1; cents <= 1_000_000; cents++) {
            values.add(cents / 100.0);
        }
        for (int i = 0; i < 1_000_000; i++) {
            double d = random.nextLong(1, 1_000_000_000L) / 100.0;
            values.add(random.nextBoolean() ? d : -d);
            values.add(Double.longBitsToDouble(random.nextLong()));
            values.add(random.nextDouble(0, 1e7));
        }
        StringBuilder row = new StringBuilder();
        for (double d : values) {
            row.setLength(0);
            CsvRows.appendDouble(row, d);
            if (!row.toString().equals(Double.toString(d))) {
                assertThat(row.toString()).as("the text of %s", d).isEqualTo(Double.toString(d));
            }
        }
    }

    @Test
    void writesJsonObjectsAsThePerValuePathDid() throws Exception {
        String sql = "SELECT * FROM (VALUES "
                + "(TIMESTAMPTZ '2025-06-03 13:30:00.000001+00', 100.0::DOUBLE, 1::INTEGER, 42::BIGINT, true, 'a\"b', [1, 2], 1.5::FLOAT), "
                + "(TIMESTAMPTZ '1969-12-31 23:59:59.5+00', 'NaN'::DOUBLE, -7::INTEGER, -9223372036854775807::BIGINT, false, '', [], NULL), "
                + "(NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)"
                + ") t(\"timestamp\", open, kafka_partition, kafka_offset, price_jump, source, tags, f)";
        try (Connection c = new org.duckdb.DuckDBDriver().connect("jdbc:duckdb:", new Properties()); Statement st = c.createStatement()) {
            st.execute("SET TimeZone = 'UTC'");
            ByteArrayOutputStream typed = new ByteArrayOutputStream();
            ByteArrayOutputStream perValue = new ByteArrayOutputStream();
            try (ResultSet rs = st.executeQuery(sql); var json = MAPPER.getFactory().createGenerator(typed)) {
                String[] names = {"timestamp", "open", "kafka_partition", "kafka_offset", "price_jump", "source", "tags", "f"};
                CsvRows.Kind[] kinds = CsvRows.kinds(rs.getMetaData());
                while (rs.next()) {
                    RowWriters.writeObject(json, rs, names, kinds);
                }
            }
            try (ResultSet rs = st.executeQuery(sql); var json = MAPPER.getFactory().createGenerator(perValue)) {
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    json.writeStartObject();
                    for (int i = 1; i <= n; i++) {
                        json.writeFieldName(rs.getMetaData().getColumnLabel(i));
                        Object v = RowWriters.value(rs, i);
                        if (v instanceof Double d && !Double.isFinite(d)) {
                            json.writeNull();
                        } else {
                            json.writeObject(v);
                        }
                    }
                    json.writeEndObject();
                }
            }
            assertThat(typed.toString(StandardCharsets.UTF_8)).isEqualTo(perValue.toString(StandardCharsets.UTF_8))
                    .contains("{\"timestamp\":\"2025-06-03T13:30:00.000001Z\",\"open\":100.0,\"kafka_partition\":1,\"kafka_offset\":42,\"price_jump\":true,\"source\":\"a\\\"b\"")
                    .contains("\"open\":null,\"kafka_partition\":-7");
        }
    }

    @Test
    void decidesKindsByDuckDbTypeName() {
        assertThat(CsvRows.kind("TIMESTAMP WITH TIME ZONE").name()).isEqualTo("INSTANT");
        assertThat(CsvRows.kind("DOUBLE").name()).isEqualTo("DOUBLE");
        // FLOAT's text is Float's, not the double getDouble widens it to; PostgreSQL's names go the general way.
        assertThat(CsvRows.kind("FLOAT").name()).isEqualTo("OTHER");
        assertThat(CsvRows.kind("float8").name()).isEqualTo("OTHER");
        assertThat(CsvRows.kind("timestamptz").name()).isEqualTo("OTHER");
    }
}
