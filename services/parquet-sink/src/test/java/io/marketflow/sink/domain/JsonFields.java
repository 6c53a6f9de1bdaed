package io.marketflow.sink.domain;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * JSON objects written field by field (name, raw JSON value), the variants of them that the fast paths' mutation sweeps
 * try, and the outcomes those sweeps compare.
 */
final class JsonFields {

    /**
     * Values to put in place of any field: every token type, the edges of numbers, strings and instants, and forms the
     * mapper reads or rejects that the fast paths leave to it.
     */
    static final List<String> ALTERNATIVES = List.of("null", "true", "false", "0", "-1", "1", "2", "99", "1.5", "-0.0", "1e400", "-1e400",
            "1E2", "2147483648", "9223372036854775808", "12345678901234567890.5", "\"\"", "\"x\"", "\"10.5\"", "\"1\"", "\"NaN\"",
            "\"true\"", "[]", "{}", "[1]", "[null]", "[\"x\"]", "{\"x\":1}", "\"2026-11-16T14:32:00Z\"", "\"2026-11-16T14:32:00.1Z\"",
            "\"2026-11-16T14:32:00.123456789Z\"", "\" 2026-11-16T14:32:00Z\"", "\"2026-11-16T14:32:00+00:00\"",
            "\"2026-11-16T09:32:00-05:00\"", "\"2026-11-16T14:32:00z\"", "\"1763303520\"", "\"1763303520.5\"", "\"2026-02-30T14:32:00Z\"",
            "\"2026-11-16T24:00:00Z\"", "\"+12026-11-16T14:32:00Z\"", "\"2300-01-01T00:00:00Z\"", "\"1600-01-01T00:00:00Z\"",
            "\"A\\u0041\"", "\"\\u00e9\"",
            // Numbers at the edges of the cursor's own conversion, and what JSON does not allow.
            "-0", "1e308", "-1e308", "1.7976931348623157e308", "5e-324", "1E+2", "1e-2", "0.1e1", "2147483647", "-2147483649",
            "9223372036854775807", "-9223372036854775808", "12345678901234567890", "01", "1.", ".5", "+1", "NaN", "1e", "1x",
            // Strings the mapper decodes (escapes, non-ASCII) or rejects (a raw control character); literals cut short.
            "\"AAPL\\\"\"", "\"\\\\\"", "\"\\n\"", "\"\\u0041APL\"", "\"é\"", "\"AAPL€\"", "\"\t\"", "\"x",
            "\"2026\\u002d11-16T14:32:00Z\"", "\"2026-11-16T14:32:00.000000000Z\"", "tru", "nul", "truex", "[\"@\" ]", "[\"@\",]");

    private JsonFields() {
    }

    static String[] field(String name, String json) {
        return new String[] {name, json};
    }

    static List<String[]> replace(List<String[]> fields, int i, String[] field) {
        List<String[]> copy = new ArrayList<>(fields);
        copy.set(i, field);
        return copy;
    }

    static List<String[]> remove(List<String[]> fields, int i) {
        List<String[]> copy = new ArrayList<>(fields);
        copy.remove(i);
        return copy;
    }

    static List<String[]> add(List<String[]> fields, String[] field) {
        List<String[]> copy = new ArrayList<>(fields);
        copy.add(field);
        return copy;
    }

    /**
     * @return the object, then each of its fields replaced by each alternative value, removed, repeated at the end, repeated
     *         with another value, renamed (a suffix, and camelCase for snake_case names) and moved to the end
     */
    static List<List<String[]>> variants(List<String[]> fields, List<String> alternatives) {
        List<List<String[]>> variants = new ArrayList<>();
        variants.add(fields);
        for (int i = 0; i < fields.size(); i++) {
            String[] field = fields.get(i);
            for (String alternative : alternatives) {
                variants.add(replace(fields, i, field(field[0], alternative)));
            }
            variants.add(remove(fields, i));
            variants.add(add(fields, field));
            variants.add(add(fields, field(field[0], "2")));
            variants.add(replace(fields, i, field(field[0] + "_", field[1])));
            if (field[0].contains("_")) {
                variants.add(replace(fields, i, field(camelCase(field[0]), field[1])));
            }
            variants.add(add(remove(fields, i), field));
        }
        return variants;
    }

    static String object(List<String[]> fields) {
        return fields.stream().map(f -> "\"" + f[0] + "\":" + f[1]).collect(Collectors.joining(",", "{", "}"));
    }

    /** @return the JSON cut short after each of its characters, and with a blank inserted before each */
    static List<String> truncatedAndSpaced(String json) {
        List<String> variants = new ArrayList<>();
        for (int i = 0; i < json.length(); i++) {
            variants.add(json.substring(0, i));
            variants.add(json.substring(0, i) + " " + json.substring(i));
        }
        return variants;
    }

    static byte[] utf8(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    /** @return the rows as lists, which compare by value (arrays in a list compare by identity) */
    static List<List<Object>> rows(List<Object[]> rows) {
        return rows.stream().map(Arrays::asList).toList();
    }

    /** @return the rows, or the exception's class and message: what the sink stores or dead-letters */
    static Object outcome(Supplier<List<Object[]>> flatten) {
        try {
            return rows(flatten.get());
        } catch (RuntimeException e) {
            return e.getClass().getName() + ": " + e.getMessage();
        }
    }

    private static String camelCase(String name) {
        StringBuilder camel = new StringBuilder();
        for (String part : name.split("_")) {
            camel.append(camel.isEmpty() ? part : Character.toUpperCase(part.charAt(0)) + part.substring(1));
        }
        return camel.toString();
    }
}
