-- When a partner last signed in (opened a developer session), for the admin console's member
-- list. Sessions themselves are deleted on logout and password reset, so they cannot tell.
ALTER TABLE users ADD COLUMN last_login_at timestamptz;
