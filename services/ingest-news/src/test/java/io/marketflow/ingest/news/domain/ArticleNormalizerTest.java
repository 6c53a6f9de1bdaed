package io.marketflow.ingest.news.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.marketflow.ingest.news.client.Fixtures;
import io.marketflow.sentiment.Scorers;

/** Provider items to articles, and the reasons items are rejected. */
class ArticleNormalizerTest {

    private final ArticleNormalizer normalizer = new ArticleNormalizer(Scorers.finance());
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void finnhubItemBecomesAScoredArticle() throws Exception {
        var item = json.readTree(Fixtures.read("finnhub_company_news.json")).get(0);
        Normalized n = normalizer.finnhub(item, "AAPL");
        assertThat(n.accepted()).isTrue();
        assertThat(n.article().id()).isEqualTo("137204412");
        assertThat(n.article().publishedAt().getEpochSecond()).isEqualTo(1763648100L);
        assertThat(n.article().related()).containsExactly("AAPL");
        assertThat(n.article().publisher()).isEqualTo("Yahoo");
        assertThat(n.article().sentiment()).isBetween(-1.0, 1.0).isPositive();
        assertThat(n.article().scorer()).isEqualTo("finance-lexicon/1");
    }

    @Test
    void finnhubItemsWithoutIdTimeOrHeadlineAreRejected() throws Exception {
        assertThat(normalizer.finnhub(json.readTree("{\"datetime\":1,\"headline\":\"h\"}"), "A").reason()).isEqualTo("missing or non-numeric id");
        assertThat(normalizer.finnhub(json.readTree("{\"id\":1,\"headline\":\"h\"}"), "A").reason()).isEqualTo("missing or non-numeric datetime");
        assertThat(normalizer.finnhub(json.readTree("{\"id\":1,\"datetime\":1,\"headline\":\"\"}"), "A").reason()).isEqualTo("missing headline");
        assertThat(normalizer.finnhub(json.readTree("\"text\""), "A").reason()).isEqualTo("not an object");
    }

    @Test
    void newsapiArticleGetsAStableIdFromItsUrl() throws Exception {
        var item = json.readTree(Fixtures.read("newsapi_v2_everything.json")).path("articles").get(0);
        Normalized a = normalizer.newsapi(item, "AAPL");
        Normalized b = normalizer.newsapi(item, "AAPL");
        assertThat(a.accepted()).isTrue();
        assertThat(a.article().id()).hasSize(24).isEqualTo(b.article().id());
        assertThat(a.article().headline()).isEqualTo("Apple stock climbs as investors weigh iPhone demand");
        assertThat(a.article().sentiment()).isPositive();
    }

    @Test
    void newsapiArticleWithABadDateIsRejected() throws Exception {
        var bad = json.readTree("{\"url\":\"https://x\",\"title\":\"t\",\"publishedAt\":\"yesterday\"}");
        assertThat(normalizer.newsapi(bad, "AAPL").reason()).isEqualTo("missing or malformed publishedAt");
    }
}
