package io.marketflow.query.summary;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the summary needs from a Parquet file's footer: the row count and the min/max statistics of one top-level time
 * column. Reads the Thrift compact encoding of {@code FileMetaData} directly, so only the footer bytes (fetched with a
 * ranged GET) are needed, never the file; every field it does not need is skipped by type.
 *
 * @param rows rows in the file
 * @param min the smallest value of the column over the row groups that carry statistics, empty when none does
 * @param max the largest value, likewise
 */
public record ParquetFooter(long rows, Optional<Instant> min, Optional<Instant> max) {

    /** The file's last 8 bytes: the footer length (int32, little endian) and the magic. */
    public static final int TAIL_BYTES = 8;

    private static final byte[] MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);

    // Parquet physical types and the converted (legacy) types this reader understands.
    private static final int INT32 = 1;
    private static final int INT64 = 2;
    private static final int CONVERTED_DATE = 6;
    private static final int CONVERTED_TIMESTAMP_MILLIS = 9;
    private static final int CONVERTED_TIMESTAMP_MICROS = 10;

    /**
     * @param tail the last bytes of a file, at least {@link #TAIL_BYTES}
     * @return the length of the footer that precedes the last 8 bytes
     * @throws IllegalArgumentException when the bytes do not end with the Parquet magic
     */
    public static int footerLength(byte[] tail) {
        int n = tail.length;
        if (n < TAIL_BYTES || tail[n - 4] != MAGIC[0] || tail[n - 3] != MAGIC[1] || tail[n - 2] != MAGIC[2] || tail[n - 1] != MAGIC[3]) {
            throw new IllegalArgumentException("not a Parquet file (no PAR1 at the end)");
        }
        int length = ByteBuffer.wrap(tail, n - TAIL_BYTES, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        if (length <= 0) {
            throw new IllegalArgumentException("bad Parquet footer length " + length);
        }
        return length;
    }

    /**
     * @param tail the last bytes of a file: the whole footer plus the 8 closing bytes (more in front is fine)
     * @param timeColumn the top-level column whose min/max are wanted (INT64 timestamp or INT32 date)
     * @return the footer's row count and the column's range
     * @throws IllegalArgumentException when the bytes are not a readable footer
     */
    public static ParquetFooter parse(byte[] tail, String timeColumn) {
        int length = footerLength(tail);
        int start = tail.length - TAIL_BYTES - length;
        if (start < 0) {
            throw new IllegalArgumentException("footer of " + length + " bytes needs more than the " + tail.length + " given");
        }
        try {
            return new MetadataReader(new Compact(tail, start), timeColumn).read();
        } catch (IndexOutOfBoundsException e) {
            throw new IllegalArgumentException("truncated Parquet footer", e);
        }
    }

    /** The FileMetaData walk: schema (to type the column), num_rows, then each row group's statistics of the column. */
    private static final class MetadataReader {
        private final Compact in;
        private final String column;
        private long rows;
        private int physicalType = -1;
        private TimeUnit unit;
        private Instant min;
        private Instant max;

        MetadataReader(Compact in, String column) {
            this.in = in;
            this.column = column;
        }

        ParquetFooter read() {
            in.struct((id, type) -> {
                switch (id) {
                    case 2 -> schema();
                    case 3 -> rows = in.i64();
                    case 4 -> in.list(elem -> rowGroup());
                    default -> in.skip(type);
                }
            });
            return new ParquetFooter(rows, Optional.ofNullable(min), Optional.ofNullable(max));
        }

        private void schema() {
            List<SchemaElement> elements = new ArrayList<>();
            in.list(elem -> elements.add(schemaElement()));
            if (elements.isEmpty()) {
                return;
            }
            // Depth-first list: the root, then each top-level field followed by its descendants.
            int index = 1;
            for (int child = 0; child < elements.get(0).children && index < elements.size(); child++) {
                SchemaElement e = elements.get(index);
                if (e.children == 0 && column.equals(e.name)) {
                    physicalType = e.type;
                    unit = e.unit();
                }
                index = skipSubtree(elements, index);
            }
        }

        private static int skipSubtree(List<SchemaElement> elements, int index) {
            int children = elements.get(index).children;
            int next = index + 1;
            for (int i = 0; i < children && next < elements.size(); i++) {
                next = skipSubtree(elements, next);
            }
            return next;
        }

        private SchemaElement schemaElement() {
            SchemaElement e = new SchemaElement();
            in.struct((id, type) -> {
                switch (id) {
                    case 1 -> e.type = in.i32();
                    case 4 -> e.name = in.string();
                    case 5 -> e.children = in.i32();
                    case 6 -> e.converted = in.i32();
                    case 10 -> logicalType(e);
                    default -> in.skip(type);
                }
            });
            return e;
        }

        private void logicalType(SchemaElement e) {
            in.struct((id, type) -> {
                if (id == 6) {
                    e.logicalDate = true;
                    in.skip(type);
                } else if (id == 8) {
                    in.struct((tid, ttype) -> {
                        if (tid == 2) {
                            in.struct((uid, utype) -> {
                                e.logicalUnit = uid == 1 ? TimeUnit.MILLIS : uid == 2 ? TimeUnit.MICROS : uid == 3 ? TimeUnit.NANOS : null;
                                in.skip(utype);
                            });
                        } else {
                            in.skip(ttype);
                        }
                    });
                } else {
                    in.skip(type);
                }
            });
        }

        private void rowGroup() {
            in.struct((id, type) -> {
                if (id == 1) {
                    in.list(elem -> columnChunk());
                } else {
                    in.skip(type);
                }
            });
        }

        private void columnChunk() {
            in.struct((id, type) -> {
                if (id == 3) {
                    columnMetaData();
                } else {
                    in.skip(type);
                }
            });
        }

        private void columnMetaData() {
            List<String> path = new ArrayList<>();
            byte[][] stats = new byte[4][];
            in.struct((id, type) -> {
                switch (id) {
                    case 3 -> in.list(elem -> path.add(in.string()));
                    case 12 -> statistics(stats);
                    default -> in.skip(type);
                }
            });
            if (unit == null || path.size() != 1 || !column.equals(path.get(0))) {
                return;
            }
            // min_value/max_value (fields 6/5) when written, else the deprecated min/max: both are signed for ints.
            Instant lo = value(stats[2] != null ? stats[2] : stats[0]);
            Instant hi = value(stats[3] != null ? stats[3] : stats[1]);
            if (lo != null && (min == null || lo.isBefore(min))) {
                min = lo;
            }
            if (hi != null && (max == null || hi.isAfter(max))) {
                max = hi;
            }
        }

        /** Fills [min, max, min_value, max_value]. */
        private void statistics(byte[][] stats) {
            in.struct((id, type) -> {
                switch (id) {
                    case 1 -> stats[1] = in.binary();
                    case 2 -> stats[0] = in.binary();
                    case 5 -> stats[3] = in.binary();
                    case 6 -> stats[2] = in.binary();
                    default -> in.skip(type);
                }
            });
        }

        private Instant value(byte[] bytes) {
            if (bytes == null) {
                return null;
            }
            ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            if (physicalType == INT64 && bytes.length == 8) {
                return unit.toInstant(b.getLong());
            }
            if (physicalType == INT32 && bytes.length == 4 && unit == TimeUnit.DAYS) {
                return LocalDate.ofEpochDay(b.getInt()).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return null;
        }
    }

    /** A schema element's fields the reader needs. */
    private static final class SchemaElement {
        int type = -1;
        String name;
        int children;
        int converted = -1;
        boolean logicalDate;
        TimeUnit logicalUnit;

        /** @return how the column's integers map to time, null when the column is not a timestamp or date */
        TimeUnit unit() {
            if (type == INT32 && (logicalDate || converted == CONVERTED_DATE)) {
                return TimeUnit.DAYS;
            }
            if (type != INT64) {
                return null;
            }
            if (logicalUnit != null) {
                return logicalUnit;
            }
            return converted == CONVERTED_TIMESTAMP_MILLIS ? TimeUnit.MILLIS : converted == CONVERTED_TIMESTAMP_MICROS ? TimeUnit.MICROS : null;
        }
    }

    /** Units of a time column's stored integers. */
    private enum TimeUnit {
        DAYS, MILLIS, MICROS, NANOS;

        Instant toInstant(long v) {
            return switch (this) {
                case MILLIS -> Instant.ofEpochMilli(v);
                case MICROS -> Instant.ofEpochSecond(Math.floorDiv(v, 1_000_000L), Math.floorMod(v, 1_000_000L) * 1000L);
                case NANOS -> Instant.ofEpochSecond(Math.floorDiv(v, 1_000_000_000L), Math.floorMod(v, 1_000_000_000L));
                case DAYS -> LocalDate.ofEpochDay(v).atStartOfDay(ZoneOffset.UTC).toInstant();
            };
        }
    }

    /** A reader of the Thrift compact protocol over a byte array: structs, lists, scalars, and skipping by type. */
    private static final class Compact {
        private static final int STOP = 0;
        private static final int TRUE = 1;
        private static final int FALSE = 2;
        private static final int BYTE = 3;
        private static final int I16 = 4;
        private static final int I32 = 5;
        private static final int I64 = 6;
        private static final int DOUBLE = 7;
        private static final int BINARY = 8;
        private static final int LIST = 9;
        private static final int SET = 10;
        private static final int MAP = 11;
        private static final int STRUCT = 12;

        private final byte[] buf;
        private int pos;

        Compact(byte[] buf, int pos) {
            this.buf = buf;
            this.pos = pos;
        }

        /** Calls {@code field} for each field of the struct at the position; the callback must consume or skip it. */
        void struct(FieldHandler field) {
            int last = 0;
            while (true) {
                int header = buf[pos++] & 0xff;
                int type = header & 0x0f;
                if (type == STOP) {
                    return;
                }
                int delta = header >>> 4;
                int id = delta == 0 ? (short) zigzag(varint()) : last + delta;
                last = id;
                if (type == TRUE || type == FALSE) {
                    // A struct's booleans live in the field header: nothing more to read or skip.
                    continue;
                }
                field.on(id, type);
            }
        }

        /** Calls {@code element} once per element of the list at the position. */
        void list(ElementHandler element) {
            int header = buf[pos++] & 0xff;
            int size = header >>> 4;
            if (size == 15) {
                size = (int) varint();
            }
            int type = header & 0x0f;
            for (int i = 0; i < size; i++) {
                element.on(type);
            }
        }

        int i32() {
            return (int) zigzag(varint());
        }

        long i64() {
            return zigzag(varint());
        }

        byte[] binary() {
            int n = (int) varint();
            if (n < 0 || pos + n > buf.length) {
                throw new IndexOutOfBoundsException("binary of " + n + " bytes past the footer");
            }
            byte[] b = new byte[n];
            System.arraycopy(buf, pos, b, 0, n);
            pos += n;
            return b;
        }

        String string() {
            return new String(binary(), StandardCharsets.UTF_8);
        }

        void skip(int type) {
            switch (type) {
                case TRUE, FALSE, BYTE -> pos++;
                case I16, I32, I64 -> varint();
                case DOUBLE -> pos += 8;
                case BINARY -> {
                    // Not pos += varint(): the compound assignment would read pos before varint() advances it.
                    int n = (int) varint();
                    pos += n;
                }
                case LIST, SET -> list(this::skipElement);
                case MAP -> {
                    int size = (int) varint();
                    if (size > 0) {
                        int kv = buf[pos++] & 0xff;
                        for (int i = 0; i < size; i++) {
                            skipElement(kv >>> 4);
                            skipElement(kv & 0x0f);
                        }
                    }
                }
                case STRUCT -> struct((id, t) -> skip(t));
                default -> throw new IllegalArgumentException("unknown Thrift compact type " + type);
            }
        }

        private void skipElement(int type) {
            // Inside lists and maps a boolean is a whole byte, unlike in a struct's field header.
            skip(type == FALSE ? BYTE : type);
        }

        private long varint() {
            long result = 0;
            int shift = 0;
            while (true) {
                byte b = buf[pos++];
                result |= (long) (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    return result;
                }
                shift += 7;
                if (shift > 63) {
                    throw new IllegalArgumentException("varint too long");
                }
            }
        }

        private static long zigzag(long n) {
            return (n >>> 1) ^ -(n & 1);
        }
    }

    @FunctionalInterface
    private interface FieldHandler {
        void on(int id, int type);
    }

    @FunctionalInterface
    private interface ElementHandler {
        void on(int type);
    }
}
