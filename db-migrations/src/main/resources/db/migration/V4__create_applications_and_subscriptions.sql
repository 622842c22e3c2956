-- A partner's applications and their subscriptions to plans.
CREATE TABLE applications (
    id               uuid PRIMARY KEY,
    organization_id  uuid        NOT NULL REFERENCES organizations (id) ON DELETE RESTRICT,
    name             text        NOT NULL,
    description      text        NOT NULL DEFAULT '',
    status           text        NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended')),
    created_by       uuid REFERENCES users (id) ON DELETE SET NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    UNIQUE (organization_id, name)
);

CREATE TABLE subscriptions (
    id              uuid PRIMARY KEY,
    application_id  uuid        NOT NULL REFERENCES applications (id) ON DELETE RESTRICT,
    plan_id         uuid        NOT NULL REFERENCES plans (id) ON DELETE RESTRICT,
    -- The plan's API, kept here so "one live subscription per application and API" is a constraint.
    api_id          uuid        NOT NULL REFERENCES apis (id) ON DELETE RESTRICT,
    status          text        NOT NULL DEFAULT 'pending'
                    CHECK (status IN ('pending', 'active', 'suspended', 'cancelled', 'rejected')),
    requested_at    timestamptz NOT NULL DEFAULT now(),
    activated_at    timestamptz,
    ended_at        timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX subscriptions_one_live_per_api
    ON subscriptions (application_id, api_id) WHERE status IN ('pending', 'active', 'suspended');
CREATE INDEX subscriptions_plan_idx ON subscriptions (plan_id);
CREATE INDEX subscriptions_status_idx ON subscriptions (status);
