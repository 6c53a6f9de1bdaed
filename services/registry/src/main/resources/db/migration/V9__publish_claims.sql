-- news_seen and social_seen become claims taken before publishing, so two replicas polling the same tickers or
-- keywords publish an item once: the instance whose INSERT ... ON CONFLICT ... RETURNING returns the id publishes it.
-- A claim is 'pending' until Kafka acknowledged the record, then 'sent'. A pending claim older than the claim timeout
-- (its instance crashed or lost Kafka between claim and ack) is taken over by the next instance that sees the item
-- again, so the item is not lost. Existing rows were written after their ack: they are 'sent'.
ALTER TABLE news_seen ADD COLUMN IF NOT EXISTS state VARCHAR(10) NOT NULL DEFAULT 'sent';
ALTER TABLE news_seen ADD COLUMN IF NOT EXISTS claimed_at TIMESTAMPTZ NOT NULL DEFAULT now();
ALTER TABLE social_seen ADD COLUMN IF NOT EXISTS state VARCHAR(10) NOT NULL DEFAULT 'sent';
ALTER TABLE social_seen ADD COLUMN IF NOT EXISTS claimed_at TIMESTAMPTZ NOT NULL DEFAULT now();
-- Stale-claim lookups touch only the few pending rows.
CREATE INDEX IF NOT EXISTS news_seen_pending ON news_seen (claimed_at) WHERE state = 'pending';
CREATE INDEX IF NOT EXISTS social_seen_pending ON social_seen (claimed_at) WHERE state = 'pending';
