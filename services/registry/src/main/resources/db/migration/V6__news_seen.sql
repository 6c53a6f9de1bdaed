-- Articles services/ingest-news already published, by provider and article id (Finnhub's id, a hash of NewsAPI's
-- URL): the deduplication state that survives restarts. A row is written after Kafka acknowledged the article, so a
-- crash between the two re-sends at most the articles of one poll (at-least-once), never loses one.
-- A recorded replay uses provider names with the suffix "-recorded", cleared at startup, so it never mixes with live data.
CREATE TABLE IF NOT EXISTS news_seen (
    provider     VARCHAR(20)  NOT NULL,
    article_id   VARCHAR(64)  NOT NULL,
    ticker       VARCHAR(10),
    published_at TIMESTAMPTZ,
    seen_at      TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (provider, article_id)
);
-- Old rows can be pruned by age; Finnhub is asked for two days only, so a few weeks of state is plenty.
CREATE INDEX IF NOT EXISTS news_seen_seen_at ON news_seen (seen_at);
