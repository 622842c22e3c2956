-- A subscription's plan changes, asked for by a partner or an admin.
--
-- status: pending (the new plan needs approval; the old plan stays in force), applied (effective_at is when the new
--   plan took over), rejected (the old plan stays), withdrawn (a newer request replaced it, or the subscription ended
--   before anyone decided).
-- The applied rows of a subscription are its plan history: before the first one its from_plan_id was in force, and
--   after the last one the subscription's plan_id is. Billing reads it through the billing feed to prorate each
--   plan's flat fee by the time the plan was in force.
-- At most one pending change per subscription.
CREATE TABLE subscription_plan_changes (
    id               uuid PRIMARY KEY,
    subscription_id  uuid        NOT NULL REFERENCES subscriptions (id) ON DELETE RESTRICT,
    from_plan_id     uuid        NOT NULL REFERENCES plans (id) ON DELETE RESTRICT,
    to_plan_id       uuid        NOT NULL REFERENCES plans (id) ON DELETE RESTRICT,
    status           text        NOT NULL CHECK (status IN ('pending', 'applied', 'rejected', 'withdrawn')),
    requested_at     timestamptz NOT NULL,
    decided_at       timestamptz,
    effective_at     timestamptz,
    CHECK (from_plan_id <> to_plan_id),
    CHECK ((status = 'applied') = (effective_at IS NOT NULL)),
    CHECK ((status = 'pending') = (decided_at IS NULL))
);
CREATE UNIQUE INDEX subscription_plan_changes_one_pending
    ON subscription_plan_changes (subscription_id) WHERE status = 'pending';
CREATE INDEX subscription_plan_changes_subscription_idx ON subscription_plan_changes (subscription_id, requested_at);
CREATE INDEX subscription_plan_changes_to_plan_idx ON subscription_plan_changes (to_plan_id);
CREATE INDEX subscription_plan_changes_from_plan_idx ON subscription_plan_changes (from_plan_id);
