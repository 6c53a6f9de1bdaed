package io.marketflow.ingest.market.client.alpaca;

import java.util.List;

import io.marketflow.contract.Trade;

/**
 * One message of Alpaca's market data stream, as decoded from a frame (a frame is a JSON array of these).
 */
public sealed interface AlpacaStreamMessage {

    /** {@code {"T":"success","msg":"connected"}}: the server is ready for the auth message. */
    record Connected() implements AlpacaStreamMessage {
    }

    /** {@code {"T":"success","msg":"authenticated"}}. */
    record Authenticated() implements AlpacaStreamMessage {
    }

    /**
     * {@code {"T":"error","code":…,"msg":…}}: 402 auth failed, 405 symbol limit, 406 connection limit, 409 subscription.
     *
     * @param code Alpaca's error code
     * @param message its text
     */
    record StreamError(int code, String message) implements AlpacaStreamMessage {
        /** Authentication failed (bad keys). */
        public static final int AUTH_FAILED = 402;
        /** The plan's connection limit is reached. */
        public static final int CONNECTION_LIMIT = 406;
    }

    /**
     * {@code {"T":"subscription","trades":[…],…}}: the full set of symbols now subscribed.
     *
     * @param trades the symbols whose trades are streamed
     */
    record Subscription(List<String> trades) implements AlpacaStreamMessage {
    }

    /**
     * {@code {"T":"t",…}}: one trade.
     *
     * @param trade the trade, {@code source=alpaca}, {@code synthetic=false}
     */
    record TradeMessage(Trade trade) implements AlpacaStreamMessage {
    }

    /**
     * Any other message type (quotes, bars, corrections…), ignored.
     *
     * @param type its {@code T}
     */
    record Other(String type) implements AlpacaStreamMessage {
    }
}
