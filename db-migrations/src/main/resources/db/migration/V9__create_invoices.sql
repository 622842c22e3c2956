-- Billing periods, immutable invoices and their lines (written by billing-metering only).
CREATE TABLE billing_periods (
    id               uuid PRIMARY KEY,
    organization_id  uuid        NOT NULL,
    period           text        NOT NULL CHECK (period ~ '^[0-9]{4}-[0-9]{2}$'),
    time_zone        text        NOT NULL,
    starts_at        timestamptz NOT NULL,
    ends_at          timestamptz NOT NULL,
    status           text        NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
    closed_at        timestamptz,
    UNIQUE (organization_id, period, time_zone)
);

CREATE TABLE invoices (
    id                uuid PRIMARY KEY,
    organization_id   uuid          NOT NULL,
    billing_period_id uuid          NOT NULL REFERENCES billing_periods (id) ON DELETE RESTRICT,
    period            text          NOT NULL,
    currency          text          NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    status            text          NOT NULL DEFAULT 'issued' CHECK (status IN ('issued', 'void')),
    subtotal          numeric(19,4) NOT NULL,
    total             numeric(19,4) NOT NULL,
    checksum          text          NOT NULL,
    issued_at         timestamptz   NOT NULL DEFAULT now(),
    UNIQUE (organization_id, period, currency)
);

CREATE TABLE invoice_lines (
    id                     uuid PRIMARY KEY,
    invoice_id             uuid          NOT NULL REFERENCES invoices (id) ON DELETE RESTRICT,
    line_no                integer       NOT NULL,
    kind                   text          NOT NULL
                           CHECK (kind IN ('flat_fee', 'included', 'tier', 'adjustment')),
    subscription_id        uuid,
    plan_id                uuid,
    api_id                 uuid,
    tier_index             integer,
    description            text          NOT NULL,
    quantity               bigint        NOT NULL,
    unit_price             numeric(19,6) NOT NULL,
    amount                 numeric(19,4) NOT NULL,
    adjustment_for_period  text,
    UNIQUE (invoice_id, line_no)
);
