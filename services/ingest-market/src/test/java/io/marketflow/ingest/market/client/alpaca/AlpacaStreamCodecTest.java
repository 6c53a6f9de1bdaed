package io.marketflow.ingest.market.client.alpaca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.marketflow.contract.Trade;

class AlpacaStreamCodecTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void decodesEveryTradeOfAMultiMessageFrameWithNanoseconds() throws IOException {
        List<AlpacaStreamMessage> messages = AlpacaStreamCodec.decode(fixture("alpaca_ws_v2_iex_trades.json"));
        assertThat(messages).hasSize(3).allMatch(m -> m instanceof AlpacaStreamMessage.TradeMessage);
        Trade first = ((AlpacaStreamMessage.TradeMessage) messages.get(0)).trade();
        assertThat(first).isEqualTo(new Trade(1, "AAPL", Instant.parse("2025-11-20T15:04:05.123456789Z"), 229.87, 100, "V",
                52983525029461L, List.of("@"), "C", "alpaca", false));
        assertThat(((AlpacaStreamMessage.TradeMessage) messages.get(2)).trade().ticker()).isEqualTo("NVDA");
    }

    @Test
    void decodesTheControlFrames() throws IOException {
        JsonNode frames = JSON.readTree(fixture("alpaca_ws_v2_control_frames.json"));
        assertThat(decode(frames, "server_on_connect")).isEqualTo(new AlpacaStreamMessage.Connected());
        assertThat(decode(frames, "server_auth_ok")).isEqualTo(new AlpacaStreamMessage.Authenticated());
        assertThat(decode(frames, "server_auth_failed")).isEqualTo(new AlpacaStreamMessage.StreamError(402, "auth failed"));
        assertThat(decode(frames, "server_connection_limit")).isEqualTo(new AlpacaStreamMessage.StreamError(406, "connection limit exceeded"));
        assertThat(decode(frames, "server_subscription")).isEqualTo(new AlpacaStreamMessage.Subscription(List.of("AAPL", "MSFT", "NVDA")));
    }

    @Test
    void encodesTheClientActionsAsTheFixtureShowsThem() throws IOException {
        JsonNode frames = JSON.readTree(fixture("alpaca_ws_v2_control_frames.json"));
        assertThat(JSON.readTree(AlpacaStreamCodec.auth("PKXXXXXXXXXXXXXXXXXX", "XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX")))
                .isEqualTo(frames.get("client_auth"));
        assertThat(JSON.readTree(AlpacaStreamCodec.subscribe("subscribe", List.of("AAPL", "MSFT", "NVDA"))))
                .isEqualTo(frames.get("client_subscribe"));
        assertThat(JSON.readTree(AlpacaStreamCodec.subscribe("unsubscribe", List.of("NVDA")))).isEqualTo(frames.get("client_unsubscribe"));
    }

    @Test
    void rejectsAFrameThatIsNotJson() {
        assertThatThrownBy(() -> AlpacaStreamCodec.decode("[{\"T\":")).isInstanceOf(IllegalArgumentException.class);
    }

    private static AlpacaStreamMessage decode(JsonNode frames, String name) {
        List<AlpacaStreamMessage> messages = AlpacaStreamCodec.decode(frames.get(name).toString());
        assertThat(messages).hasSize(1);
        return messages.get(0);
    }

    private static String fixture(String name) throws IOException {
        try (InputStream in = AlpacaStreamCodecTest.class.getResourceAsStream("/fixtures/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
