-- Every change made through the admin API, the console or the developer API: who, when, what,
-- and the entity before and after.
CREATE TABLE audit_log (
    id           uuid PRIMARY KEY,
    occurred_at  timestamptz NOT NULL DEFAULT now(),
    actor_type   text        NOT NULL CHECK (actor_type IN ('admin', 'partner', 'system')),
    actor_id     text        NOT NULL,
    action       text        NOT NULL,
    entity_type  text        NOT NULL,
    entity_id    uuid,
    before_state jsonb,
    after_state  jsonb,
    request_id   text
);
CREATE INDEX audit_log_occurred_idx ON audit_log (occurred_at DESC);
CREATE INDEX audit_log_entity_idx ON audit_log (entity_type, entity_id);
