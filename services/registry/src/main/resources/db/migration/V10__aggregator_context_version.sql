-- The aggregator's context version: incremented in every transaction that changes a macro vintage or a fundamentals
-- record (and corrects the aggregated_data rows it affects), under an exclusive advisory lock that the bar loop holds
-- shared while it computes and writes a unit. A bar loop whose snapshot is older than this version reloads it first,
-- so no unit is written with context that a correction already passed over (another instance's included).
CREATE TABLE IF NOT EXISTS aggregator_context_version (
    id      SMALLINT PRIMARY KEY CHECK (id = 1),
    version BIGINT   NOT NULL
);
INSERT INTO aggregator_context_version (id, version) VALUES (1, 0) ON CONFLICT (id) DO NOTHING;
