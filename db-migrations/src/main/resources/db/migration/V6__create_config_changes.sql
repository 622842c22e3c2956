-- The gateway config version: every change that affects gateways appends a row in the same
-- transaction as the change; the highest version is the current config version.
CREATE TABLE config_changes (
    version      bigserial PRIMARY KEY,
    kind         text        NOT NULL,
    entity_id    uuid,
    created_at   timestamptz NOT NULL DEFAULT now()
);
