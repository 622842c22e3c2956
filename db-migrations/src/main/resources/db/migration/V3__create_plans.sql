-- Plans: what a subscriber may call, how often, what happens when the counter store is away,
-- and what it costs. Money is numeric, never floating point.
CREATE TABLE plans (
    id                       uuid PRIMARY KEY,
    api_id                   uuid          NOT NULL REFERENCES apis (id) ON DELETE RESTRICT,
    name                     text          NOT NULL,
    description              text          NOT NULL DEFAULT '',
    status                   text          NOT NULL DEFAULT 'published'
                             CHECK (status IN ('draft', 'published', 'closed')),
    visibility               text          NOT NULL DEFAULT 'public'
                             CHECK (visibility IN ('public', 'private')),
    approval_required        boolean       NOT NULL DEFAULT false,
    plan_version             integer       NOT NULL DEFAULT 1,
    -- What limits count against, how they are enforced, and the degraded mode.
    limit_key                text          NOT NULL DEFAULT 'subscription'
                             CHECK (limit_key IN ('subscription', 'application', 'client-ip')),
    limit_mode               text          NOT NULL DEFAULT 'auto'
                             CHECK (limit_mode IN ('auto', 'exact', 'leased')),
    degraded_mode            text          NOT NULL DEFAULT 'fail-open'
                             CHECK (degraded_mode IN ('fail-open', 'fail-closed')),
    time_zone                text          NOT NULL DEFAULT 'UTC',
    -- Pricing.
    currency                 text          NOT NULL DEFAULT 'EUR' CHECK (currency ~ '^[A-Z]{3}$'),
    flat_fee                 numeric(19,4) NOT NULL DEFAULT 0 CHECK (flat_fee >= 0),
    included_requests        bigint        NOT NULL DEFAULT 0 CHECK (included_requests >= 0),
    overage_model            text          NOT NULL DEFAULT 'tiered'
                             CHECK (overage_model IN ('tiered', 'volume')),
    billable_status_classes  text          NOT NULL DEFAULT '2xx,3xx',
    created_at               timestamptz   NOT NULL DEFAULT now(),
    updated_at               timestamptz   NOT NULL DEFAULT now()
);
CREATE INDEX plans_api_idx ON plans (api_id);

-- Rate limits (second/minute/hour windows) and quotas (calendar day/month in the plan's zone).
CREATE TABLE plan_limits (
    id            uuid PRIMARY KEY,
    plan_id       uuid        NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
    kind          text        NOT NULL CHECK (kind IN ('rate', 'quota')),
    max_requests  bigint      NOT NULL CHECK (max_requests > 0),
    time_unit     text        NOT NULL CHECK (time_unit IN ('second', 'minute', 'hour', 'day', 'month')),
    CHECK ((kind = 'rate' AND time_unit IN ('second', 'minute', 'hour'))
        OR (kind = 'quota' AND time_unit IN ('day', 'month'))),
    UNIQUE (plan_id, kind, time_unit)
);

-- Overage tiers above the included requests: unit_price is charged per per_units requests.
-- up_to NULL is the last, open-ended tier.
CREATE TABLE plan_price_tiers (
    id          uuid PRIMARY KEY,
    plan_id     uuid          NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
    tier_index  integer       NOT NULL CHECK (tier_index >= 0),
    up_to       bigint        CHECK (up_to > 0),
    unit_price  numeric(19,6) NOT NULL CHECK (unit_price >= 0),
    per_units   integer       NOT NULL DEFAULT 1000 CHECK (per_units > 0),
    UNIQUE (plan_id, tier_index)
);
