-- Teammates invited into an organization by one of its owners. The mailed token is stored only as
-- its keyed hash (HMAC-SHA256 with the server's pepper); accepted_at makes it single-use and
-- revoked_at ends it early (revoked by an owner, or replaced by a new invitation to the same email).
CREATE TABLE organization_invitations (
    id               uuid PRIMARY KEY,
    organization_id  uuid        NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    email            text        NOT NULL,
    role             text        NOT NULL CHECK (role IN ('owner', 'developer')),
    token_hash       text        NOT NULL UNIQUE,
    invited_by       uuid        REFERENCES users (id) ON DELETE SET NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    expires_at       timestamptz NOT NULL,
    accepted_at      timestamptz,
    accepted_user_id uuid        REFERENCES users (id) ON DELETE SET NULL,
    revoked_at       timestamptz
);
-- At most one open invitation per organization and address: a new one replaces the old.
CREATE UNIQUE INDEX organization_invitations_open_unique ON organization_invitations (organization_id, lower(email))
    WHERE accepted_at IS NULL AND revoked_at IS NULL;
CREATE INDEX organization_invitations_org_idx ON organization_invitations (organization_id, created_at);
