-- A position in the ledger for every event, so that billing can say exactly which events an
-- invoice counted: a period close takes a SHARE lock on usage_events (waiting for inserts in
-- flight, holding new ones back), reads max(ledger_seq) as its watermark, and every event
-- inserted afterwards has a higher number. Existing rows are numbered in this migration.
ALTER TABLE usage_events ADD COLUMN ledger_seq bigint GENERATED ALWAYS AS IDENTITY;
CREATE UNIQUE INDEX usage_events_ledger_seq_idx ON usage_events (ledger_seq);
CREATE INDEX usage_events_org_seq_idx ON usage_events (organization_id, ledger_seq);
