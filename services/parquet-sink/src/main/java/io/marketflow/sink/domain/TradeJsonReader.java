package io.marketflow.sink.domain;

import static io.marketflow.sink.domain.StrictValues.UNUSUAL;
import static io.marketflow.sink.domain.StrictValues.intValue;
import static io.marketflow.sink.domain.StrictValues.nullableLong;
import static io.marketflow.sink.domain.StrictValues.nullableText;
import static io.marketflow.sink.domain.StrictValues.once;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.marketflow.contract.ContractRecord;
import io.marketflow.contract.Trade;

/**
 * The fast path of the trade topic's parse: the record's bytes read by a {@link CompactJsonCursor} straight into a
 * {@link Trade}, without the data binding (a name lookup per field, {@link Double#parseDouble} per price, a new String
 * per ticker) that was about a fifth of the sink's CPU, nor Jackson's general tokenizer. It only accepts the compact
 * shape the contract mapper writes (known fields, each once, known token types, ASCII strings without escapes, ISO
 * instants ending in {@code Z}); for anything else it returns null and the caller uses the contract mapper, which then
 * also gives the rejection reason. So both paths agree on every record; {@link RecordType#TRADE} makes the row and checks
 * the prices of either in one place.
 */
final class TradeJsonReader {

    /** A trade's fields in the order the contract writes them (see {@link Trade}). */
    private static final FieldsInOrder FIELDS = new FieldsInOrder("schema_version", "ticker", "timestamp", "price", "size", "exchange",
            "trade_id", "conditions", "tape", "source", "synthetic");
    private static final int F_SCHEMA_VERSION = 0, F_TICKER = 1, F_TIMESTAMP = 2, F_PRICE = 3, F_SIZE = 4, F_EXCHANGE = 5,
            F_TRADE_ID = 6, F_CONDITIONS = 7, F_TAPE = 8, F_SOURCE = 9, F_SYNTHETIC = 10;
    /** Without these the mapper rejects the trade (Trade's constructor); a missing price or size reads as 0 in both paths. */
    private static final int REQUIRED = 1 << F_TICKER | 1 << F_TIMESTAMP;

    /** Tickers, exchanges, tapes, sources and condition codes, shared by all trades (and threads). */
    private static final RepeatedStrings STRINGS = new RepeatedStrings(4096);
    /**
     * One-code condition lists (most trades have one), one shared instance per code: a new list per trade was a buffered
     * object per row, which the buffers' memory accounting counts ({@link RowBuffer#heapBytes()}).
     */
    private static final Map<String, List<String>> SINGLE_CONDITIONS = new ConcurrentHashMap<>();
    private static final int MAX_SINGLE_CONDITIONS = 4096;

    private TradeJsonReader() {
    }

    /**
     * @param value a record value
     * @return the trade, equal to the one the contract mapper reads; null when the fast path cannot tell (the contract
     *         mapper decides)
     */
    static Trade read(byte[] value) {
        if (value == null || value.length == 0) {
            return null;
        }
        try {
            return trade(new CompactJsonCursor(value));
        } catch (RuntimeException e) {
            // Malformed or unusual: the contract mapper reads it again and explains the rejection.
            return null;
        }
    }

    private static Trade trade(CompactJsonCursor c) {
        c.expect('{');
        int seen = 0;
        int schemaVersion = 0;
        String ticker = null;
        Instant timestamp = null;
        double price = 0;
        double size = 0;
        String exchange = null;
        Long tradeId = null;
        List<String> conditions = null;
        String tape = null;
        String source = null;
        boolean synthetic = false;
        if (!c.take('}')) {
            int field = F_SCHEMA_VERSION;
            do {
                field = FIELDS.next(c, field);
                seen = once(seen, field);
                switch (field) {
                    case F_SCHEMA_VERSION -> schemaVersion = intValue(c);
                    case F_TICKER -> ticker = c.text(STRINGS);
                    case F_TIMESTAMP -> timestamp = c.instant();
                    case F_PRICE -> price = c.number();
                    case F_SIZE -> size = c.number();
                    case F_EXCHANGE -> exchange = nullableText(c, STRINGS);
                    case F_TRADE_ID -> tradeId = nullableLong(c);
                    case F_CONDITIONS -> conditions = conditions(c);
                    case F_TAPE -> tape = nullableText(c, STRINGS);
                    case F_SOURCE -> source = nullableText(c, STRINGS);
                    case F_SYNTHETIC -> synthetic = c.bool();
                    default -> throw UNUSUAL;
                }
                field++;
            } while (c.take(','));
            c.expect('}');
        }
        c.end();
        if ((seen & REQUIRED) != REQUIRED || schemaVersion > ContractRecord.CURRENT_SCHEMA_VERSION) {
            return null;
        }
        return new Trade(schemaVersion, ticker, timestamp, price, size, exchange, tradeId, conditions, tape, source, synthetic);
    }

    /** @return the condition codes, an immutable list that Trade's constructor keeps as it is; null for null */
    private static List<String> conditions(CompactJsonCursor c) {
        if (c.takeNull()) {
            return null;
        }
        c.expect('[');
        if (c.take(']')) {
            return List.of();
        }
        String first = c.text(STRINGS);
        if (c.take(']')) {
            List<String> single = SINGLE_CONDITIONS.get(first);
            if (single == null) {
                single = List.of(first);
                if (SINGLE_CONDITIONS.size() < MAX_SINGLE_CONDITIONS) {
                    SINGLE_CONDITIONS.putIfAbsent(first, single);
                }
            }
            return single;
        }
        c.expect(',');
        String second = c.text(STRINGS);
        if (c.take(']')) {
            return List.of(first, second);
        }
        List<String> conditions = new ArrayList<>(4);
        conditions.add(first);
        conditions.add(second);
        do {
            c.expect(',');
            conditions.add(c.text(STRINGS));
        } while (!c.take(']'));
        return List.copyOf(conditions);
    }
}
