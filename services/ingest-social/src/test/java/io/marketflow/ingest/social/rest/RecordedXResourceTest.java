package io.marketflow.ingest.social.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** How the recorded X search answers a query: X's shape, whole words in any case, newest first, X's empty answer. */
class RecordedXResourceTest {

    private final JsonNode recorded = RecordedXResource.load();

    @Test
    void theRecordedFileIsItselfAConsistentSearchAnswer() {
        JsonNode meta = recorded.path("meta");
        assertThat(meta.path("result_count").asInt()).isEqualTo(recorded.path("data").size()).isPositive();
        assertThat(meta.path("newest_id").asText()).isEqualTo(recorded.path("data").get(0).path("id").asText());
        assertThat(meta.path("oldest_id").asText()).isEqualTo(recorded.path("data").get(recorded.path("data").size() - 1).path("id").asText());
        assertThat(meta.has("next_token")).isFalse();
        // Every tweet's author is in includes.users, as with expansions=author_id.
        List<String> users = new ArrayList<>();
        recorded.path("includes").path("users").forEach(u -> users.add(u.path("id").asText()));
        recorded.path("data").forEach(t -> assertThat(users).contains(t.path("author_id").asText()));
    }

    @Test
    void answersTheTweetsHoldingTheKeywordAsAWholeWordNewestFirstWithTheirAuthorsOnly() {
        JsonNode body = RecordedXResource.answer(recorded, "STOCKS -is:retweet lang:en", 10);
        assertThat(ids(body)).containsExactly("1991522783720386563", "1991514848097226757");
        List<String> usernames = new ArrayList<>();
        body.path("includes").path("users").forEach(u -> usernames.add(u.path("username").asText()));
        assertThat(usernames).containsExactlyInAnyOrder("chartdesk", "macromike");
        assertThat(body.path("meta").path("newest_id").asText()).isEqualTo("1991522783720386563");
        assertThat(body.path("meta").path("oldest_id").asText()).isEqualTo("1991514848097226757");
        assertThat(body.path("meta").path("result_count").asInt()).isEqualTo(2);
        // A cashtag is found by the ticker; a ticker inside a word is not ("MA" is in no tweet as a word, though "market" is).
        assertThat(ids(RecordedXResource.answer(recorded, "AAPL -is:retweet lang:en", 10))).containsExactly("1991522783720386563");
        assertThat(ids(RecordedXResource.answer(recorded, "MA -is:retweet lang:en", 10))).isEmpty();
        assertThat(ids(RecordedXResource.answer(recorded, "stock -is:retweet lang:en", 10))).isEmpty();
    }

    @Test
    void aQuotedKeywordIsAPhraseAndMaxResultsCapsTheAnswer() {
        assertThat(ids(RecordedXResource.answer(recorded, "\"nasdaq futures\" -is:retweet lang:en", 10))).containsExactly("1991532267041722369");
        assertThat(ids(RecordedXResource.answer(recorded, "\"futures nasdaq\" -is:retweet lang:en", 10))).isEmpty();
        JsonNode one = RecordedXResource.answer(recorded, "stocks -is:retweet lang:en", 1);
        assertThat(ids(one)).containsExactly("1991522783720386563");
        assertThat(one.path("meta").path("result_count").asInt()).isEqualTo(1);
    }

    @Test
    void aKeywordWithoutRecordedTweetsGetsXsEmptyAnswer() {
        assertThat(RecordedXResource.answer(recorded, "\"interest rates\" -is:retweet lang:en", 10).toString())
                .isEqualTo("{\"meta\":{\"result_count\":0}}");
        assertThat(RecordedXResource.answer(recorded, null, 10).toString()).isEqualTo("{\"meta\":{\"result_count\":0}}");
    }

    private static List<String> ids(JsonNode body) {
        List<String> ids = new ArrayList<>();
        body.path("data").forEach(t -> ids.add(t.path("id").asText()));
        return ids;
    }
}
