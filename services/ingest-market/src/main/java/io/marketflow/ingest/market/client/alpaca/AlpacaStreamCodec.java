package io.marketflow.ingest.market.client.alpaca;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.marketflow.contract.ContractRecord;
import io.marketflow.contract.Trade;

/**
 * Encodes the client's actions and decodes the server's frames of Alpaca's market data stream (JSON codec).
 */
final class AlpacaStreamCodec {

    /** Source name of trades from Alpaca. */
    static final String SOURCE = "alpaca";

    private static final ObjectMapper JSON = new ObjectMapper();

    private AlpacaStreamCodec() {
    }

    static String auth(String key, String secret) {
        return JSON.createObjectNode().put("action", "auth").put("key", key).put("secret", secret).toString();
    }

    static String subscribe(String action, Collection<String> symbols) {
        ObjectNode node = JSON.createObjectNode().put("action", action);
        symbols.forEach(node.putArray("trades")::add);
        return node.toString();
    }

    /**
     * @param frame one text frame
     * @return its messages, in order
     * @throws IllegalArgumentException when the frame is not JSON
     */
    static List<AlpacaStreamMessage> decode(String frame) {
        JsonNode root;
        try {
            root = JSON.readTree(frame);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        }
        List<AlpacaStreamMessage> messages = new ArrayList<>();
        // Server frames are arrays; accept a lone object too rather than drop it.
        for (JsonNode node : root.isArray() ? root : List.of(root)) {
            messages.add(message(node));
        }
        return messages;
    }

    private static AlpacaStreamMessage message(JsonNode node) {
        String type = node.path("T").asText();
        return switch (type) {
            case "success" -> "authenticated".equals(node.path("msg").asText())
                    ? new AlpacaStreamMessage.Authenticated() : new AlpacaStreamMessage.Connected();
            case "error" -> new AlpacaStreamMessage.StreamError(node.path("code").asInt(), node.path("msg").asText());
            case "subscription" -> new AlpacaStreamMessage.Subscription(strings(node.path("trades")));
            case "t" -> new AlpacaStreamMessage.TradeMessage(trade(node));
            default -> new AlpacaStreamMessage.Other(type);
        };
    }

    static Trade trade(JsonNode node) {
        JsonNode id = node.get("i");
        String tape = node.path("z").asText(null);
        // OffsetDateTime keeps all nine fraction digits and accepts "Z" as well as a numeric offset.
        return new Trade(ContractRecord.CURRENT_SCHEMA_VERSION, node.path("S").asText(),
                OffsetDateTime.parse(node.path("t").asText()).toInstant(), node.path("p").asDouble(), node.path("s").asDouble(),
                node.path("x").asText(null), id == null || id.isNull() ? null : id.asLong(), strings(node.path("c")), tape,
                SOURCE, false);
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }
}
