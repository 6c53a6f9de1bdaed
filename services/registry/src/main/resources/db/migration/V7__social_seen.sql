-- Posts services/ingest-social already published, by platform and post id (Bluesky cid, X tweet id): the
-- deduplication state that survives restarts. A row is written after Kafka acknowledged the post, so a crash between
-- the two re-sends at most the posts of one page (at-least-once), never loses one. uri is Bluesky's at:// address.
-- A recorded replay uses platform names with the suffix "-recorded", cleared at startup, so it never mixes with live data.
CREATE TABLE IF NOT EXISTS social_seen (
    platform    VARCHAR(20)  NOT NULL,
    post_id     VARCHAR(128) NOT NULL,
    uri         TEXT,
    keyword     VARCHAR(120),
    ticker      VARCHAR(10),
    created_at  TIMESTAMPTZ,
    seen_at     TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (platform, post_id)
);
-- Old rows can be pruned by age: searches return recent posts, so a few weeks of state is plenty.
CREATE INDEX IF NOT EXISTS social_seen_seen_at ON social_seen (seen_at);
