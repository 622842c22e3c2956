-- Which usage each invoice billed: billable requests per subscription, plan and usage period
-- (the period the requests happened in; an adjustment bills an earlier one). An adjustment is
-- priced as price(already billed + late) - price(already billed), so tiers stay right.
-- invoice_lines gains per_units: unit_price is the price of per_units requests.
CREATE TABLE invoice_usage (
    invoice_id         uuid   NOT NULL REFERENCES invoices (id) ON DELETE RESTRICT,
    subscription_id    uuid   NOT NULL,
    plan_id            uuid   NOT NULL,
    usage_period       text   NOT NULL CHECK (usage_period ~ '^[0-9]{4}-[0-9]{2}$'),
    billable_requests  bigint NOT NULL CHECK (billable_requests >= 0),
    PRIMARY KEY (invoice_id, subscription_id, plan_id, usage_period)
);
CREATE INDEX invoice_usage_subscription_idx ON invoice_usage (subscription_id, plan_id, usage_period);

ALTER TABLE invoice_lines ADD COLUMN per_units integer NOT NULL DEFAULT 1 CHECK (per_units > 0);
