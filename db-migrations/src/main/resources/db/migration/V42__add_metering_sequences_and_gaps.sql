-- Issue 12, item 2: every usage event carries its gateway process's epoch and its number in that epoch
-- (1, 2, 3 …). Billing looks for numbers that never arrived; one missing longer than the grace time is a
-- metering gap: a metric, a warning, and a row here that the admin API lists.
ALTER TABLE usage_events ADD COLUMN node_epoch bigint, ADD COLUMN node_seq bigint;
CREATE INDEX usage_events_node_sequence_idx ON usage_events (gateway_node, node_epoch, node_seq)
    WHERE node_epoch IS NOT NULL;

-- How far each node's epoch is known to be complete (or its holes recorded as gaps).
CREATE TABLE metering_watermarks (
    gateway_node  text   NOT NULL,
    node_epoch    bigint NOT NULL,
    checked_to    bigint NOT NULL,
    PRIMARY KEY (gateway_node, node_epoch)
);

CREATE TABLE metering_gaps (
    gateway_node  text        NOT NULL,
    node_epoch    bigint      NOT NULL,
    first_seq     bigint      NOT NULL,
    last_seq      bigint      NOT NULL,
    missing       bigint      NOT NULL,
    detected_at   timestamptz NOT NULL,
    filled_at     timestamptz,
    PRIMARY KEY (gateway_node, node_epoch, first_seq),
    CHECK (last_seq >= first_seq AND missing BETWEEN 0 AND last_seq - first_seq + 1)
);
CREATE INDEX metering_gaps_open_idx ON metering_gaps (detected_at) WHERE filled_at IS NULL;
