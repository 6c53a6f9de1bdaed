-- The aggregator's feature table (services/aggregator): one row per ticker per regular-session minute. The first 35
-- columns keep the original system's names and types (its model code reads them); the technical indicators follow.
-- Every feature is point-in-time: see services/aggregator/README.md for each column's definition.
CREATE TABLE IF NOT EXISTS aggregated_data (
    ticker                                VARCHAR(10)      NOT NULL,
    "timestamp"                           TIMESTAMPTZ      NOT NULL,
    price_mean_1min                       DOUBLE PRECISION,
    price_mean_5min                       DOUBLE PRECISION,
    price_std_5min                        DOUBLE PRECISION,
    price_mean_30min                      DOUBLE PRECISION,
    price_std_30min                       DOUBLE PRECISION,
    size_tot_1min                         DOUBLE PRECISION,
    size_tot_5min                         DOUBLE PRECISION,
    size_tot_30min                        DOUBLE PRECISION,
    sentiment_bluesky_mean_2hours         DOUBLE PRECISION,
    sentiment_bluesky_mean_1day           DOUBLE PRECISION,
    sentiment_news_mean_1day              DOUBLE PRECISION,
    sentiment_news_mean_3days             DOUBLE PRECISION,
    sentiment_general_bluesky_mean_2hours DOUBLE PRECISION,
    sentiment_general_bluesky_mean_1day   DOUBLE PRECISION,
    minutes_since_open                    DOUBLE PRECISION,
    day_of_week                           INTEGER,
    day_of_month                          INTEGER,
    week_of_year                          INTEGER,
    month_of_year                         INTEGER,
    market_open_spike_flag                INTEGER,
    market_close_spike_flag               INTEGER,
    eps                                   DOUBLE PRECISION,
    free_cash_flow                        DOUBLE PRECISION,
    profit_margin                         DOUBLE PRECISION,
    debt_to_equity                        DOUBLE PRECISION,
    gdp_real                              DOUBLE PRECISION,
    cpi                                   DOUBLE PRECISION,
    ffr                                   DOUBLE PRECISION,
    t10y                                  DOUBLE PRECISION,
    t2y                                   DOUBLE PRECISION,
    spread_10y_2y                         DOUBLE PRECISION,
    unemployment                          DOUBLE PRECISION,
    y1                                    DOUBLE PRECISION,
    sma_20                                DOUBLE PRECISION,
    ema_20                                DOUBLE PRECISION,
    rsi_14                                DOUBLE PRECISION,
    macd                                  DOUBLE PRECISION,
    macd_signal                           DOUBLE PRECISION,
    macd_hist                             DOUBLE PRECISION,
    bb_upper_20                           DOUBLE PRECISION,
    bb_middle_20                          DOUBLE PRECISION,
    bb_lower_20                           DOUBLE PRECISION,
    atr_14                                DOUBLE PRECISION,
    PRIMARY KEY (ticker, "timestamp")
);

-- Context the features join as of the bar's time; written idempotently by every aggregator instance.
-- A macro vintage: one row per (alias, observation date, realtime_start).
CREATE TABLE IF NOT EXISTS aggregator_macro (
    alias          VARCHAR(40)      NOT NULL,
    obs_date       DATE             NOT NULL,
    realtime_start DATE             NOT NULL,
    realtime_end   DATE,
    value          DOUBLE PRECISION,
    PRIMARY KEY (alias, obs_date, realtime_start)
);

-- Fundamentals as of their public availability: one row per (ticker, period, fiscal year, available_from).
CREATE TABLE IF NOT EXISTS aggregator_fundamentals (
    ticker         VARCHAR(10)      NOT NULL,
    period         VARCHAR(4)       NOT NULL,
    fiscal_year    INT              NOT NULL,
    available_from DATE             NOT NULL,
    report_date    DATE,
    accepted_at    TIMESTAMPTZ,
    eps            DOUBLE PRECISION,
    free_cash_flow DOUBLE PRECISION,
    net_income     DOUBLE PRECISION,
    revenue        DOUBLE PRECISION,
    total_debt     DOUBLE PRECISION,
    total_equity   DOUBLE PRECISION,
    PRIMARY KEY (ticker, period, fiscal_year, available_from)
);

-- Scored news articles and posts: kind 'news' or 'bluesky'; ticker '' = a general (market-wide) post.
CREATE TABLE IF NOT EXISTS aggregator_sentiment (
    kind         VARCHAR(10)      NOT NULL,
    id           VARCHAR(200)     NOT NULL,
    ticker       VARCHAR(10)      NOT NULL,
    published_at TIMESTAMPTZ      NOT NULL,
    sentiment    DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (kind, id, ticker)
);
CREATE INDEX IF NOT EXISTS aggregator_sentiment_by_time ON aggregator_sentiment (kind, ticker, published_at);

-- Indicator state per ticker after each committed unit (a week of bars or a batch of live minutes), written in the
-- same transaction as the unit's rows: a restart or a replayed unit resumes from the state before it, so the
-- continuous indicators are the same as a clean run's.
-- series 'h' = the h_alpaca weeks, 'l' = live minutes rolled from stock_trades: two separate continuous series.
CREATE TABLE IF NOT EXISTS aggregator_indicator_state (
    series      CHAR(1)      NOT NULL,
    ticker      VARCHAR(10)  NOT NULL,
    last_minute TIMESTAMPTZ  NOT NULL,
    state       TEXT         NOT NULL,
    PRIMARY KEY (series, ticker, last_minute)
);

-- Live 1-minute bars rolled from stock_trades, so windows are rebuilt after a restart or a partition reassignment.
CREATE TABLE IF NOT EXISTS aggregator_minute_bars (
    ticker   VARCHAR(10)      NOT NULL,
    minute   TIMESTAMPTZ      NOT NULL,
    open     DOUBLE PRECISION NOT NULL,
    high     DOUBLE PRECISION NOT NULL,
    low      DOUBLE PRECISION NOT NULL,
    close    DOUBLE PRECISION NOT NULL,
    volume   DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (ticker, minute)
);

-- Completed historical runs: one row per run id; the start_model signal is sent once, after its row is committed.
CREATE TABLE IF NOT EXISTS aggregator_runs (
    run_id       VARCHAR(100) PRIMARY KEY,
    completed_at TIMESTAMPTZ  NOT NULL,
    units        BIGINT       NOT NULL,
    rows_written BIGINT       NOT NULL,
    signal_sent  BOOLEAN      NOT NULL DEFAULT FALSE
);

-- Historical units (ticker, ISO week) aggregated: how the aggregator knows a run's expected range is covered.
CREATE TABLE IF NOT EXISTS aggregator_weeks (
    ticker   VARCHAR(10) NOT NULL,
    iso_year INT         NOT NULL,
    iso_week INT         NOT NULL,
    rows     INT         NOT NULL,
    PRIMARY KEY (ticker, iso_year, iso_week)
);
