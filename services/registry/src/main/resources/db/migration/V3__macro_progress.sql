-- Durable progress of services/ingest-macro.
-- One row per vintage of an observation the broker acknowledged on a topic: a restart re-fetches the series (FRED
-- returns every vintage in one answer) and sends only what has no row here, so nothing acknowledged is sent twice
-- and nothing fetched but unacknowledged is skipped. realtime_end is part of the key because an open vintage
-- (9999-12-31, stored as NULL -> '9999-12-31' here) that FRED later closes is sent again with its end.
CREATE TABLE IF NOT EXISTS macro_sent (
    topic          VARCHAR(40)  NOT NULL,
    source         VARCHAR(20)  NOT NULL,
    series_id      VARCHAR(40)  NOT NULL,
    obs_date       DATE         NOT NULL,
    realtime_start DATE         NOT NULL,
    realtime_end   DATE         NOT NULL,
    value          DOUBLE PRECISION,
    sent_at        TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (topic, source, series_id, obs_date, realtime_start, realtime_end)
);

-- Per series: whether its backfill to h_macrodata completed, and since when its stream to macrodata runs.
CREATE TABLE IF NOT EXISTS macro_series_state (
    source          VARCHAR(20)  NOT NULL,
    series_id       VARCHAR(40)  NOT NULL,
    backfill_done   BOOLEAN      NOT NULL DEFAULT false,
    stream_since    DATE,
    last_fetch_at   TIMESTAMPTZ,
    PRIMARY KEY (source, series_id)
);

-- Fed policy events sent to policy_events, by type and effective day.
CREATE TABLE IF NOT EXISTS macro_policy_sent (
    event_type     VARCHAR(20)  NOT NULL,
    effective_day  DATE         NOT NULL,
    sent_at        TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (event_type, effective_day)
);
