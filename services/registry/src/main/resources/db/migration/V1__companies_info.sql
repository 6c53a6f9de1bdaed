-- The registry of companies every ingest service reads its tickers from; columns as in the original system.
-- avg_simulated_price seeds the synthetic trade generator.
CREATE TABLE IF NOT EXISTS companies_info (
    ticker_id           INT PRIMARY KEY,
    ticker              VARCHAR(10)  NOT NULL UNIQUE,
    company_name        VARCHAR(100) NOT NULL,
    related_words       TEXT,
    is_active           BOOLEAN      NOT NULL,
    avg_simulated_price INT
);

-- The 30 companies of the original system. ON CONFLICT keeps rows an operator already changed.
INSERT INTO companies_info (ticker_id, ticker, company_name, related_words, is_active, avg_simulated_price) VALUES
    (1, 'AAPL', 'Apple', NULL, TRUE, 200),
    (2, 'MSFT', 'Microsoft', NULL, TRUE, 470),
    (3, 'NVDA', 'Nvidia', NULL, TRUE, 140),
    (4, 'AMZN', 'Amazon', NULL, TRUE, 210),
    (5, 'META', 'Meta', 'Facebook', TRUE, 700),
    (6, 'ORCL', 'Oracle', NULL, TRUE, 170),
    (7, 'GOOGL', 'Google', 'Alphabet', TRUE, 170),
    (8, 'AVGO', 'Broadcom', NULL, TRUE, 250),
    (9, 'TSLA', 'Tesla', 'Musk', TRUE, 300),
    (10, 'IBM', 'International Business Machines', 'Big Blue', TRUE, 270),
    (11, 'LLY', 'Eli Lilly and Company', 'Eli Lilly', TRUE, 770),
    (12, 'JPM', 'JPMorgan', NULL, TRUE, 265),
    (13, 'V', 'Visa', NULL, TRUE, 370),
    (14, 'XOM', 'Exxon', 'ExxonMobil', TRUE, 105),
    (15, 'NFLX', 'Netflix', NULL, TRUE, 1250),
    (16, 'COST', 'Costco', NULL, TRUE, 1010),
    (17, 'UNH', 'UnitedHealth Group', 'UnitedHealth', TRUE, 300),
    (18, 'JNJ', 'Johnson & Johnson', 'Johnson', TRUE, 155),
    (19, 'PG', 'Procter & Gamble', 'Procter', TRUE, 165),
    (20, 'MA', 'Mastercard', NULL, TRUE, 590),
    (21, 'CVX', 'Chevron', NULL, TRUE, 140),
    (22, 'MRK', 'Merck', NULL, TRUE, 80),
    (23, 'PEP', 'Pepsi', 'PepsiCo', TRUE, 130),
    (24, 'ABBV', 'AbbVie', NULL, TRUE, 190),
    (25, 'ADBE', 'Adobe', NULL, TRUE, 415),
    (26, 'WMT', 'Walmart', NULL, TRUE, 100),
    (27, 'BAC', 'Bank of America', 'BofA', TRUE, 45),
    (28, 'HD', 'Home Depot', 'The Home Depot', TRUE, 370),
    (29, 'KO', 'Coca-Cola', 'The Coca-Cola Company', TRUE, 70),
    (30, 'TMO', 'Thermo Fisher Scientific', 'Thermo Fisher', TRUE, 400)
ON CONFLICT (ticker_id) DO NOTHING;
