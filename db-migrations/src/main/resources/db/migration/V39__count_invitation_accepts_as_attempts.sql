-- Accepting an invitation creates an account, so it is throttled like a sign-up (per token and per IP).
ALTER TABLE account_attempts DROP CONSTRAINT account_attempts_action_check;
ALTER TABLE account_attempts ADD CONSTRAINT account_attempts_action_check
    CHECK (action IN ('login-failed', 'signup', 'password-reset', 'invitation-accept'));
