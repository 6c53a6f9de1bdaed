package io.marketflow.query.domain;

import java.util.Locale;

/** How a query's rows are returned: a JSON page with a cursor, or a streamed export of the whole range. */
public enum ExportFormat {

    /** One page: {@code {"rows": [...], "next": cursor|null}}. */
    JSON("application/json", null),
    /** Comma-separated values with a header line (RFC 4180). */
    CSV("text/csv", "csv"),
    /** One JSON object per line. */
    JSONL("application/x-ndjson", "jsonl"),
    /** One Parquet file with the lake's column types, written by DuckDB. */
    PARQUET("application/vnd.apache.parquet", "parquet");

    private final String mediaType;
    private final String extension;

    ExportFormat(String mediaType, String extension) {
        this.mediaType = mediaType;
        this.extension = extension;
    }

    /** @return the response's content type */
    public String mediaType() {
        return mediaType;
    }

    /** @return the file extension of an export, null for a JSON page */
    public String extension() {
        return extension;
    }

    /**
     * @param value the {@code format} parameter, null for a JSON page
     * @return the format
     * @throws InvalidRequestException for anything but json, csv, jsonl or parquet
     */
    public static ExportFormat parse(String value) {
        if (value == null || value.isBlank()) {
            return JSON;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "json" -> JSON;
            case "csv" -> CSV;
            case "jsonl", "ndjson" -> JSONL;
            case "parquet" -> PARQUET;
            default -> throw new InvalidRequestException("format must be json, csv, jsonl or parquet");
        };
    }
}
