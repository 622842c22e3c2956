-- API keys, stored only as a keyed hash (HMAC-SHA256 with a server-side pepper). The full key
-- is shown once when issued; afterwards only the display prefix and the last four characters.
CREATE TABLE api_keys (
    id              uuid PRIMARY KEY,
    application_id  uuid        NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    name            text        NOT NULL DEFAULT 'default',
    key_hash        text        NOT NULL UNIQUE,
    hash_version    smallint    NOT NULL DEFAULT 1,
    prefix          text        NOT NULL,
    last_four       text        NOT NULL CHECK (length(last_four) = 4),
    status          text        NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'revoked')),
    created_at      timestamptz NOT NULL DEFAULT now(),
    expires_at      timestamptz,
    revoked_at      timestamptz,
    revoked_reason  text,
    last_used_at    timestamptz,
    rotated_from    uuid REFERENCES api_keys (id) ON DELETE SET NULL
);
CREATE INDEX api_keys_application_idx ON api_keys (application_id);
CREATE INDEX api_keys_prefix_idx ON api_keys (prefix);
