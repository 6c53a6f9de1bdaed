-- Durable progress of services/ingest-fundamentals.
-- One row per statement version sent to h_company: a restart never re-sends one, and a restated statement (same
-- ticker, period and fiscal year, a new filing/accepted date in version_key) is a new row and a new record.
CREATE TABLE IF NOT EXISTS fundamentals_sent (
    source         VARCHAR(20) NOT NULL,
    ticker         VARCHAR(10) NOT NULL,
    period         VARCHAR(4)  NOT NULL,
    fiscal_year    INT         NOT NULL,
    version_key    VARCHAR(40) NOT NULL,
    available_from DATE        NOT NULL,
    sent_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (source, ticker, period, fiscal_year, version_key)
);

-- When each ticker's statements were last fetched from a provider, so a restart does not spend the daily budget again.
CREATE TABLE IF NOT EXISTS fundamentals_fetches (
    source     VARCHAR(20) NOT NULL,
    ticker     VARCHAR(10) NOT NULL,
    fetched_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (source, ticker)
);
