package io.marketflow.ingest.social.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The access token's {@code exp} is read from the JWT to refresh in time; an opaque token is no error. */
class BlueskyTokenTest {

    @Test
    void readsTheExpiryOfTheFixturesAccessToken() throws Exception {
        String jwt = new ObjectMapper().readTree(Fixtures.read("bluesky_com_atproto_server_createSession.json")).get("accessJwt").asText();
        assertThat(BlueskyClient.expiry(jwt)).isEqualTo(Instant.ofEpochSecond(1763677200L));
    }

    @Test
    void anOpaqueTokenHasNoExpiry() {
        assertThat(BlueskyClient.expiry("opaque")).isNull();
        assertThat(BlueskyClient.expiry("a.!!!.c")).isNull();
    }
}
