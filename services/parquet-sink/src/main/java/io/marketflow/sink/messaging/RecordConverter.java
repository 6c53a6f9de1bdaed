package io.marketflow.sink.messaging;

import java.time.DateTimeException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import io.marketflow.contract.InvalidRecordException;
import io.marketflow.sink.config.DatasetCatalog;
import io.marketflow.sink.domain.DatasetSpec;
import io.marketflow.sink.domain.RowLayout;

/** Turns consumed records into their rows in their dataset's layout (Hive path, flat row) or a DLQ reason; thread-safe. */
final class RecordConverter {

    /**
     * Below this many bytes a batch is parsed on the writer thread: forking costs more than it saves. Bytes, not
     * records: a handful of bar messages (2,000 bars each) is as much work as thousands of trades.
     */
    private static final long PARALLEL_PARSE_BYTES = 64 * 1024;

    private final DatasetCatalog catalog;
    private final Map<String, RowLayout> layouts = new ConcurrentHashMap<>();

    /** @param catalog datasets by topic */
    RecordConverter(DatasetCatalog catalog) {
        this.catalog = catalog;
    }

    /**
     * Parsing is pure and most of the per-record CPU: a large batch is converted in parallel; the result keeps the
     * batch's order, so the rows are applied in offset order.
     *
     * @param batch      records in partition order
     * @param batchBytes their serialized value sizes summed
     * @return one conversion per record, same order
     */
    List<Converted> convertAll(List<ConsumerRecord<byte[], byte[]>> batch, long batchBytes) {
        return batch.size() < 2 || batchBytes < PARALLEL_PARSE_BYTES
                ? batch.stream().map(this::convert).toList()
                : batch.parallelStream().map(this::convert).toList();
    }

    /** Turns one record into its rows (Hive path, row, estimated bytes) or a rejection reason. */
    Converted convert(ConsumerRecord<byte[], byte[]> record) {
        RowLayout layout = layoutOf(record.topic());
        if (layout == null) {
            return Converted.NOTHING;
        }
        byte[] value = record.value();
        try {
            List<Object[]> flat = layout.spec().recordType().flatten(value);
            if (flat.isEmpty()) {
                return Converted.NOTHING;
            }
            List<PathRow> rows = new ArrayList<>(flat.size());
            Object[] previous = null;
            String path = null;
            for (Object[] f : flat) {
                layout.requireStorable(f);
                path = layout.hivePath(f, previous, path);
                rows.add(new PathRow(path, f));
                previous = f;
            }
            return new Converted(layout, rows, null);
        } catch (InvalidRecordException e) {
            return new Converted(null, List.of(), e.getMessage());
        } catch (RuntimeException e) {
            return new Converted(null, List.of(), rejectionOf(record, e));
        }
    }

    /**
     * Tells a poison record from a bug. Values out of the range the conversion can represent (an instant beyond what
     * epoch nanoseconds or a date hold) are the record's fault: it goes to the DLQ, the sink goes on. Anything else
     * (a null where validation promised a value, a bad index, a cast) is a bug in the conversion that would dead-letter
     * valid data, record after record: it stops the writer instead, loudly, and the batch is replayed after the fix.
     *
     * @param record the record being converted
     * @param e what its conversion threw, other than {@link InvalidRecordException}
     * @return the DLQ reason of a data error
     * @throws IllegalStateException for a bug
     */
    static String rejectionOf(ConsumerRecord<byte[], byte[]> record, RuntimeException e) {
        if (e instanceof ArithmeticException || e instanceof DateTimeException) {
            return "cannot convert the record: " + e;
        }
        throw new IllegalStateException("bug converting " + record.topic() + "-" + record.partition() + "@" + record.offset()
                + " (not dead-lettered, the writer stops): " + e, e);
    }

    /** @return the layout of the topic's dataset, null for a topic that has none; one map lookup per record */
    private RowLayout layoutOf(String topic) {
        RowLayout layout = layouts.get(topic);
        if (layout == null) {
            DatasetSpec spec = catalog.forTopic(topic).orElse(null);
            if (spec == null) {
                return null;
            }
            layout = layouts.computeIfAbsent(topic, t -> RowLayout.of(spec));
        }
        return layout;
    }

    /** A record's rows in its dataset's layout, or why it was rejected. */
    record Converted(RowLayout layout, List<PathRow> rows, String rejection) {
        static final Converted NOTHING = new Converted(null, List.of(), null);
    }

    /** One row as its record type flattens it, with its Hive path. */
    record PathRow(String path, Object[] flat) {
    }
}
