-- Partner organizations and the people in them. Admins are users too (kind = 'admin'); they
-- authenticate through OIDC, partners with a password hashed by Argon2id/bcrypt in the portal.
CREATE TABLE organizations (
    id          uuid PRIMARY KEY,
    name        text        NOT NULL,
    slug        text        NOT NULL UNIQUE,
    status      text        NOT NULL DEFAULT 'active'
                CHECK (status IN ('pending', 'active', 'suspended', 'rejected')),
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE users (
    id                 uuid PRIMARY KEY,
    email              text        NOT NULL,
    display_name       text        NOT NULL,
    kind               text        NOT NULL CHECK (kind IN ('partner', 'admin')),
    password_hash      text,
    oidc_subject       text UNIQUE,
    status             text        NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
    email_verified_at  timestamptz,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_email_unique ON users (lower(email));

CREATE TABLE organization_members (
    organization_id  uuid        NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    user_id          uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role             text        NOT NULL CHECK (role IN ('owner', 'developer')),
    created_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (organization_id, user_id)
);
CREATE INDEX organization_members_user_idx ON organization_members (user_id);

-- Admin roles held in Gatehouse itself, in addition to roles carried in OIDC tokens.
CREATE TABLE admin_role_grants (
    user_id     uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role        text        NOT NULL
                CHECK (role IN ('platform-admin', 'api-owner', 'billing-viewer', 'auditor')),
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, role)
);
