package io.marketflow.aggregator.repository;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collection;

import io.marketflow.aggregator.domain.AggregatedRow;

/**
 * Encodes rows of {@code aggregated_data} in PostgreSQL's binary COPY format, so neither side formats or parses the
 * doubles as text (a CSV row is about 45 {@code Double.toString} here and 45 {@code float8in} on the server).
 */
final class BinaryCopy {

    private static final byte[] HEADER = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0, 0, 0, 0, 0, 0, 0, 0, 0};
    /** timestamptz is microseconds since 2000-01-01 00:00 UTC (integer datetimes, the only kind since PostgreSQL 10). */
    private static final long PG_EPOCH_SECONDS = 946_684_800L;
    private static final int BUFFER = 1 << 16;
    /** The longest field: a ticker of VARCHAR(10) in UTF-8 with its length, with room to spare. */
    private static final int MAX_FIELD = 64;

    private final byte[] buffer = new byte[BUFFER];
    private int position;

    private BinaryCopy() {
    }

    /**
     * Writes header, rows and trailer.
     *
     * @param rows rows in any order
     * @param out the COPY stream ({@code COPY … (FORMAT binary)} with the columns of {@link AggregatedRow#COLUMNS})
     * @throws IOException when the stream fails
     */
    static void write(Collection<AggregatedRow> rows, OutputStream out) throws IOException {
        BinaryCopy b = new BinaryCopy();
        System.arraycopy(HEADER, 0, b.buffer, 0, HEADER.length);
        b.position = HEADER.length;
        int columns = AggregatedRow.COLUMNS.size();
        for (AggregatedRow row : rows) {
            Object[] values = row.values();
            b.room(out, 2);
            b.putShort(columns);
            for (Object v : values) {
                b.room(out, MAX_FIELD);
                if (v == null) {
                    b.putInt(-1);
                } else if (v instanceof Double d) {
                    b.putInt(8);
                    b.putLong(Double.doubleToRawLongBits(d));
                } else if (v instanceof Integer i) {
                    b.putInt(4);
                    b.putInt(i);
                } else if (v instanceof Instant t) {
                    b.putInt(8);
                    b.putLong((t.getEpochSecond() - PG_EPOCH_SECONDS) * 1_000_000L + t.getNano() / 1_000);
                } else if (v instanceof String s) {
                    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
                    b.room(out, 4 + bytes.length);
                    b.putInt(bytes.length);
                    System.arraycopy(bytes, 0, b.buffer, b.position, bytes.length);
                    b.position += bytes.length;
                } else {
                    throw new IllegalArgumentException("no binary COPY encoding for " + v.getClass());
                }
            }
        }
        b.room(out, 2);
        b.putShort(-1);
        out.write(b.buffer, 0, b.position);
    }

    private void room(OutputStream out, int bytes) throws IOException {
        if (position + bytes > BUFFER) {
            out.write(buffer, 0, position);
            position = 0;
        }
    }

    private void putShort(int v) {
        buffer[position++] = (byte) (v >>> 8);
        buffer[position++] = (byte) v;
    }

    private void putInt(int v) {
        buffer[position++] = (byte) (v >>> 24);
        buffer[position++] = (byte) (v >>> 16);
        buffer[position++] = (byte) (v >>> 8);
        buffer[position++] = (byte) v;
    }

    private void putLong(long v) {
        putInt((int) (v >>> 32));
        putInt((int) v);
    }
}
