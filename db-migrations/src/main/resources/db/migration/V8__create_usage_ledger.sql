-- The usage ledger (written by billing-metering only). One row per request the gateway
-- answered, keyed by the event id made at the gateway, so a redelivered event changes nothing.
-- No foreign keys to the catalog: usage outlives deleted applications, and another service owns
-- those tables. Unknown parties (e.g. a request with no valid key) use the nil UUID.
CREATE TABLE usage_events (
    event_id             uuid PRIMARY KEY,
    occurred_at          timestamptz NOT NULL,
    received_at          timestamptz NOT NULL DEFAULT now(),
    gateway_node         text        NOT NULL,
    organization_id      uuid        NOT NULL,
    application_id       uuid        NOT NULL,
    subscription_id      uuid        NOT NULL,
    plan_id              uuid        NOT NULL,
    api_id               uuid        NOT NULL,
    route_id             uuid        NOT NULL,
    key_id               uuid        NOT NULL,
    key_prefix           text        NOT NULL DEFAULT '',
    method               text        NOT NULL,
    status               smallint    NOT NULL,
    outcome              text        NOT NULL,
    latency_ms           integer     NOT NULL,
    upstream_latency_ms  integer,
    request_bytes        bigint      NOT NULL DEFAULT 0,
    response_bytes       bigint      NOT NULL DEFAULT 0,
    billable             boolean     NOT NULL
);
CREATE INDEX usage_events_occurred_idx ON usage_events (occurred_at);
CREATE INDEX usage_events_org_occurred_idx ON usage_events (organization_id, occurred_at);
CREATE INDEX usage_events_app_occurred_idx ON usage_events (application_id, occurred_at);

-- Rollups per minute, hour and day, updated in the same transaction as the events they count.
CREATE TABLE usage_rollups (
    granularity        text        NOT NULL CHECK (granularity IN ('minute', 'hour', 'day')),
    bucket_start       timestamptz NOT NULL,
    organization_id    uuid        NOT NULL,
    application_id     uuid        NOT NULL,
    api_id             uuid        NOT NULL,
    plan_id            uuid        NOT NULL,
    status_class       smallint    NOT NULL CHECK (status_class BETWEEN 1 AND 5),
    requests           bigint      NOT NULL DEFAULT 0,
    billable_requests  bigint      NOT NULL DEFAULT 0,
    request_bytes      bigint      NOT NULL DEFAULT 0,
    response_bytes     bigint      NOT NULL DEFAULT 0,
    latency_ms_sum     bigint      NOT NULL DEFAULT 0,
    PRIMARY KEY (granularity, bucket_start, organization_id, application_id, api_id, plan_id, status_class)
);
CREATE INDEX usage_rollups_app_idx ON usage_rollups (application_id, granularity, bucket_start);
