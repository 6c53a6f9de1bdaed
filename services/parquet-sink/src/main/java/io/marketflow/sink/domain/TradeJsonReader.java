package io.marketflow.sink.domain;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import io.marketflow.contract.ContractJson;
import io.marketflow.contract.ContractRecord;
import io.marketflow.contract.Trade;

/**
 * The fast path of the trade topic's parse: Jackson's streaming parser straight into a {@link Trade}, without the data
 * binding that was about 40 % of the sink's CPU per trade. It only accepts the shape the contract mapper writes
 * (known token types, ISO instants ending in {@code Z}); for anything else it returns null and the caller uses the
 * contract mapper, which then also gives the rejection reason. So both paths agree on every record.
 */
final class TradeJsonReader {

    private static final JsonFactory JSON = ContractJson.mapper().getFactory();

    private TradeJsonReader() {
    }

    /**
     * @param value a record value
     * @return the trade, or null when the fast path cannot tell (the contract mapper decides)
     */
    static Trade read(byte[] value) {
        if (value == null || value.length == 0) {
            return null;
        }
        try (JsonParser p = JSON.createParser(value)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
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
            JsonToken token;
            while ((token = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                switch (name) {
                    case "schema_version" -> {
                        if (v != JsonToken.VALUE_NUMBER_INT || p.getNumberType() != JsonParser.NumberType.INT) {
                            return null;
                        }
                        schemaVersion = p.getIntValue();
                    }
                    case "ticker" -> ticker = text(p, v);
                    case "timestamp" -> {
                        String text = text(p, v);
                        timestamp = text == null ? null : IsoInstants.utc(text);
                    }
                    case "price" -> {
                        if (!v.isNumeric()) {
                            return null;
                        }
                        price = p.getDoubleValue();
                    }
                    case "size" -> {
                        if (!v.isNumeric()) {
                            return null;
                        }
                        size = p.getDoubleValue();
                    }
                    case "exchange" -> exchange = nullableText(p, v);
                    case "trade_id" -> {
                        if (v == JsonToken.VALUE_NULL) {
                            tradeId = null;
                        } else if (v == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
                            tradeId = p.getLongValue();
                        } else {
                            return null;
                        }
                    }
                    case "conditions" -> {
                        if (v != JsonToken.START_ARRAY) {
                            return null;
                        }
                        conditions = new ArrayList<>(2);
                        while ((v = p.nextToken()) == JsonToken.VALUE_STRING) {
                            conditions.add(p.getText());
                        }
                        if (v != JsonToken.END_ARRAY) {
                            return null;
                        }
                    }
                    case "tape" -> tape = nullableText(p, v);
                    case "source" -> source = nullableText(p, v);
                    case "synthetic" -> {
                        if (v != JsonToken.VALUE_TRUE && v != JsonToken.VALUE_FALSE) {
                            return null;
                        }
                        synthetic = v == JsonToken.VALUE_TRUE;
                    }
                    default -> p.skipChildren();
                }
                if (name.equals("ticker") && ticker == null || name.equals("timestamp") && timestamp == null) {
                    return null;
                }
            }
            if (token != JsonToken.END_OBJECT || ticker == null || timestamp == null
                    || schemaVersion > ContractRecord.CURRENT_SCHEMA_VERSION) {
                return null;
            }
            return new Trade(schemaVersion, ticker, timestamp, price, size, exchange, tradeId, conditions, tape, source, synthetic);
        } catch (IOException | RuntimeException e) {
            // Malformed or unusual: the contract mapper reads it again and explains the rejection.
            return null;
        }
    }

    /** @return the string value; null for anything else (the fast path then gives up on a required field) */
    private static String text(JsonParser p, JsonToken v) throws IOException {
        return v == JsonToken.VALUE_STRING ? p.getText() : null;
    }

    private static String nullableText(JsonParser p, JsonToken v) throws IOException {
        if (v == JsonToken.VALUE_NULL) {
            return null;
        }
        if (v != JsonToken.VALUE_STRING) {
            throw new IllegalArgumentException("not a string");
        }
        return p.getText();
    }
}
