-- Developer portal sessions. The session token is shown to the portal once; only its keyed hash
-- (HMAC-SHA256 with the server's pepper) is stored, so a copy of this table opens no session.
CREATE TABLE developer_sessions (
    id               uuid PRIMARY KEY,
    token_hash       text        NOT NULL UNIQUE,
    user_id          uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    organization_id  uuid        NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    created_at       timestamptz NOT NULL DEFAULT now(),
    expires_at       timestamptz NOT NULL
);
CREATE INDEX developer_sessions_user_idx ON developer_sessions (user_id);
CREATE INDEX developer_sessions_expires_idx ON developer_sessions (expires_at);
