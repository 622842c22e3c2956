-- The console and the admin API search the audit log by actor (the OIDC subject), newest first.
CREATE INDEX audit_log_actor_idx ON audit_log (actor_id, occurred_at DESC);
