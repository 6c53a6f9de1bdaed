-- Requests spent per provider and budget day, for providers with a daily limit (FMP's free plan: 250 per day).
-- Reserved one row update before each request is sent, so the count survives a restart and is shared by every
-- replica using the same key; a provider's own limit answer sets it to the limit. First used by ingest-fundamentals.
CREATE TABLE IF NOT EXISTS provider_request_budget (
    provider   VARCHAR(20) NOT NULL,
    day        DATE        NOT NULL,
    used       INT         NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (provider, day)
);
