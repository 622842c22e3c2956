-- Attempts counted for brute-force protection on login, sign-up and password reset, per account
-- (the lower-cased email, known or not, so unknown addresses behave exactly like known ones)
-- and per client IP. Rows older than the longest window are deleted as new ones arrive.
CREATE TABLE account_attempts (
    id           bigserial PRIMARY KEY,
    action       text        NOT NULL CHECK (action IN ('login-failed', 'signup', 'password-reset')),
    account      text        NOT NULL,
    client_ip    text        NOT NULL,
    occurred_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX account_attempts_account_idx ON account_attempts (action, account, occurred_at);
CREATE INDEX account_attempts_ip_idx ON account_attempts (action, client_ip, occurred_at);
