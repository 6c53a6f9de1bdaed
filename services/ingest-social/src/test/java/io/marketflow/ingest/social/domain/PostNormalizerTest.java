package io.marketflow.ingest.social.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.marketflow.contract.SocialPost;
import io.marketflow.ingest.social.client.Fixtures;
import io.marketflow.registry.Company;
import io.marketflow.sentiment.Scorers;

/** Bluesky postViews and X tweets of the fixtures become scored posts; malformed ones are rejected with a reason. */
class PostNormalizerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final PostNormalizer normalizer = new PostNormalizer(Scorers.finance());

    @Test
    void blueskyPostViewBecomesAScoredPostWithTheMatchedTicker() throws Exception {
        JsonNode page = JSON.readTree(Fixtures.read("bluesky_app_bsky_feed_searchPosts.json"));
        Normalized n = normalizer.bluesky(page.get("posts").get(0), new Keyword("Apple", "AAPL"));
        assertThat(n.accepted()).isTrue();
        SocialPost p = n.post();
        assertThat(p.id()).isEqualTo("bafyreihq3vx5d5y2a4l4z6r6ccn6p2gk4w5m7t5kq2z3ukxw7g6wq4c5ye");
        assertThat(n.uri()).startsWith("at://did:plc:yq2n7hvk5r3m4w6xa1b9cdef/");
        assertThat(p.platform()).isEqualTo("bluesky");
        assertThat(p.author()).isEqualTo("tradernotes.bsky.social");
        assertThat(p.createdAt()).isEqualTo(Instant.parse("2025-11-20T15:02:11.384Z"));
        assertThat(p.keyword()).isEqualTo("Apple");
        assertThat(p.ticker()).isEqualTo("AAPL");
        assertThat(p.lang()).isEqualTo("en");
        assertThat(p.likeCount()).isEqualTo(9L);
        assertThat(p.repostCount()).isEqualTo(1L);
        assertThat(p.scorer()).isEqualTo(Scorers.FINANCE_ID);
        assertThat(p.sentiment()).isEqualTo(Scorers.finance().score(p.text()));
    }

    @Test
    void generalKeywordLeavesTheTickerNull() throws Exception {
        JsonNode page = JSON.readTree(Fixtures.read("bluesky_app_bsky_feed_searchPosts.json"));
        assertThat(normalizer.bluesky(page.get("posts").get(1), new Keyword("inflation", null)).post().ticker()).isNull();
    }

    @Test
    void aGeneralKeywordTakesTheNamedCompanysTickerACompanyKeywordKeepsItsOwn() throws Exception {
        CompanyMentions mentions = CompanyMentions.of(List.of(new Company(3, "NVDA", "Nvidia", Optional.empty(), true, Optional.empty())));
        JsonNode post = JSON.readTree("{\"cid\":\"c1\",\"uri\":\"at://a/c1\",\"record\":{\"text\":\"Nvidia carried the market\","
                + "\"createdAt\":\"2025-11-20T15:02:11Z\"}}");
        assertThat(normalizer.bluesky(post, new Keyword("stocks", null), mentions).post().ticker()).isEqualTo("NVDA");
        // Found by Apple's keyword, the post counts for Apple even though it names another company.
        assertThat(normalizer.bluesky(post, new Keyword("Apple", "AAPL"), mentions).post().ticker()).isEqualTo("AAPL");
        JsonNode tweet = JSON.readTree("{\"id\":\"9\",\"text\":\"$nvda and the market\",\"created_at\":\"2025-11-20T15:02:11.000Z\"}");
        assertThat(normalizer.x(tweet, Map.of(), new Keyword("market", null), mentions).post().ticker()).isEqualTo("NVDA");
        assertThat(normalizer.x(tweet, Map.of(), new Keyword("market", null), CompanyMentions.NONE).post().ticker()).isNull();
    }

    @Test
    void malformedBlueskyItemsAreRejectedWithTheirReason() throws Exception {
        Keyword k = new Keyword("stocks", null);
        assertThat(normalizer.bluesky(JSON.readTree("\"text\""), k).reason()).isEqualTo("not an object");
        assertThat(normalizer.bluesky(JSON.readTree("{\"uri\":\"at://a\",\"record\":{\"text\":\"t\",\"createdAt\":\"2025-11-20T15:02:11Z\"}}"), k)
                .reason()).isEqualTo("missing cid");
        assertThat(normalizer.bluesky(JSON.readTree("{\"cid\":\"c\",\"record\":{\"text\":\"t\"}}"), k).reason()).isEqualTo("missing uri");
        assertThat(normalizer.bluesky(JSON.readTree("{\"cid\":\"c\",\"uri\":\"u\",\"record\":{\"createdAt\":\"2025-11-20T15:02:11Z\"}}"), k)
                .reason()).isEqualTo("missing record.text");
        assertThat(normalizer.bluesky(JSON.readTree("{\"cid\":\"c\",\"uri\":\"u\",\"record\":{\"text\":\"t\",\"createdAt\":\"yesterday\"}}"), k)
                .reason()).isEqualTo("missing or malformed record.createdAt");
    }

    @Test
    void blueskyTimeWithAnOffsetIsAccepted() throws Exception {
        Normalized n = normalizer.bluesky(JSON.readTree(
                "{\"cid\":\"c\",\"uri\":\"u\",\"record\":{\"text\":\"t\",\"createdAt\":\"2025-11-20T16:02:11+01:00\"}}"), new Keyword("stocks", null));
        assertThat(n.post().createdAt()).isEqualTo(Instant.parse("2025-11-20T15:02:11Z"));
    }

    @Test
    void xTweetBecomesAPostWithItsAuthorsUsername() throws Exception {
        JsonNode body = JSON.readTree(Fixtures.read("twitter_v2_tweets_search_recent.json"));
        Normalized n = normalizer.x(body.get("data").get(0), Map.of("1432109876543210000", "chartdesk"), new Keyword("AAPL", "AAPL"));
        SocialPost p = n.post();
        assertThat(p.id()).isEqualTo("1991523847120384512");
        assertThat(p.platform()).isEqualTo("x");
        assertThat(p.author()).isEqualTo("chartdesk");
        assertThat(p.likeCount()).isEqualTo(31L);
        assertThat(p.repostCount()).isEqualTo(4L);
        assertThat(p.ticker()).isEqualTo("AAPL");
        assertThat(normalizer.x(JSON.readTree("{\"id\":\"1\",\"text\":\"t\"}"), Map.of(), new Keyword("stocks", null)).reason())
                .isEqualTo("missing or malformed created_at");
    }
}
