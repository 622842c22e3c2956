-- A closed period remembers the ledger position it counted up to; the next close of the same
-- organization bills events past it that belong to earlier periods as adjustments. Periods close
-- per organization and month, whatever the time zones of its plans: one row per month.
ALTER TABLE billing_periods ADD COLUMN ledger_watermark bigint;
ALTER TABLE billing_periods ADD CONSTRAINT billing_periods_closed_has_watermark
    CHECK (status <> 'closed' OR (ledger_watermark IS NOT NULL AND closed_at IS NOT NULL));
CREATE UNIQUE INDEX billing_periods_one_per_month ON billing_periods (organization_id, period);
