-- Mail notifications (issue 17, item 4), written only by management-service.
--
-- notification_outbox: one row per mail to one recipient, written in the transaction of the event that causes it
-- (a subscription waiting for approval, approved or rejected) or by a scheduled scan (a key expiring within 7 days,
-- a quota at 80 % / 100 % of its window, an invoice issued). dedupe_key names the event and the recipient, e.g.
-- 'subscription-approved:<subscription id>:<user id>' or 'quota-80:<subscription id>:day:2026-12-07T00:00:00Z:<user id>',
-- so the same notification is queued once however many management instances scan, and however often.
-- A sender claims due rows with FOR UPDATE SKIP LOCKED, sends, and marks them sent; a failure moves next_attempt_at
-- back (backoff) and after max attempts the row is 'failed', kept with its last error: nothing is dropped silently.
-- recipient is the address at the time of queueing; subject and body are the finished mail text.
CREATE TABLE notification_outbox (
    id               uuid PRIMARY KEY,
    dedupe_key       text        NOT NULL UNIQUE,
    kind             text        NOT NULL CHECK (kind IN ('subscription-pending', 'subscription-approved',
                                     'subscription-rejected', 'admin-subscription-pending', 'key-expiring',
                                     'quota-80', 'quota-100', 'invoice-issued')),
    recipient        text        NOT NULL,
    subject          text        NOT NULL,
    body             text        NOT NULL,
    status           text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
    attempts         integer     NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_at  timestamptz NOT NULL,
    last_error       text,
    created_at       timestamptz NOT NULL,
    sent_at          timestamptz,
    CHECK ((status = 'sent') = (sent_at IS NOT NULL))
);
CREATE INDEX notification_outbox_due_idx ON notification_outbox (next_attempt_at) WHERE status = 'pending';

-- A partner's choice per topic. No row: the topic is on (every member gets every topic until they turn it off).
-- Topics: 'subscriptions' (pending, approved, rejected), 'key-expiry', 'quota' (80 % and 100 %), 'invoices'.
CREATE TABLE notification_preferences (
    user_id     uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    topic       text        NOT NULL CHECK (topic IN ('subscriptions', 'key-expiry', 'quota', 'invoices')),
    enabled     boolean     NOT NULL,
    updated_at  timestamptz NOT NULL,
    PRIMARY KEY (user_id, topic)
);
