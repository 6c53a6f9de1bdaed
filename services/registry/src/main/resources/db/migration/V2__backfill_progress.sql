-- Durable progress of the historical backfills (services/ingest-market): one row per provider, ticker and ISO week
-- whose bars reached Kafka. A restarted backfill skips weeks covered here, so it resumes where it stopped and never
-- re-sends a completed week; a week is re-sent only when a later run covers more of it (covered_through grows).
CREATE TABLE IF NOT EXISTS backfill_progress (
    source          VARCHAR(20)  NOT NULL,
    ticker          VARCHAR(10)  NOT NULL,
    iso_year        INT          NOT NULL,
    iso_week        INT          NOT NULL,
    covered_through DATE         NOT NULL,
    bars            INT          NOT NULL,
    rejected        INT          NOT NULL,
    completed_at    TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (source, ticker, iso_year, iso_week)
);
