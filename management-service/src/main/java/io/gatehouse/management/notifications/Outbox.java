package io.gatehouse.management.notifications;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * The durable queue of notification mails ({@code notification_outbox}, V48). A mail is queued in the transaction of
 * what causes it, under a key naming the event and the recipient; the same key queues nothing a second time, whichever
 * management instance asks and however often. {@link NotificationSender} claims due mails, sends them and marks them.
 */
@ApplicationScoped
public class Outbox {

    /** A claimed mail: to whom, what, and which attempt this is (1 for the first). */
    public record Claimed(UUID id, NotificationKind kind, String recipient, String subject, String body, int attempt) {
    }

    private final EntityManager em;
    private final Clock clock;

    public Outbox(EntityManager em, Clock clock) {
        this.em = em;
        this.clock = clock;
    }

    /**
     * Queues {@code mail} to {@code recipient} unless a mail with {@code dedupeKey} was queued before (sent, failed or
     * waiting). Joins the caller's transaction, so a rolled-back event queues nothing.
     *
     * @return whether it was queued now
     */
    @Transactional
    public boolean queue(NotificationKind kind, String dedupeKey, String recipient, MailText mail) {
        Instant now = clock.instant();
        return em.createNativeQuery("INSERT INTO notification_outbox (id, dedupe_key, kind, recipient, subject, body, "
                        + "next_attempt_at, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7) ON CONFLICT (dedupe_key) DO NOTHING")
                .setParameter(1, UUID.randomUUID())
                .setParameter(2, kind.code() + ':' + dedupeKey.toLowerCase(Locale.ROOT))
                .setParameter(3, kind.code())
                .setParameter(4, recipient)
                .setParameter(5, mail.subject())
                .setParameter(6, mail.body())
                .setParameter(7, now)
                .executeUpdate() == 1;
    }

    /**
     * Takes up to {@code limit} due mails for this caller: each attempt is counted and the mail is hidden from other
     * senders for {@code lease}. Rows another sender holds locked are skipped, not waited for.
     */
    @Transactional
    public List<Claimed> claim(int limit, Duration lease) {
        Instant now = clock.instant();
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT id, kind, recipient, subject, body, attempts FROM notification_outbox "
                        + "WHERE status = 'pending' AND next_attempt_at <= ?1 ORDER BY next_attempt_at, created_at LIMIT ?2 "
                        + "FOR UPDATE SKIP LOCKED", Object[].class)
                .setParameter(1, now).setParameter(2, limit).getResultList();
        if (rows.isEmpty()) {
            return List.of();
        }
        List<UUID> ids = rows.stream().map(r -> (UUID) r[0]).toList();
        em.createNativeQuery("UPDATE notification_outbox SET attempts = attempts + 1, next_attempt_at = ?1 WHERE id IN (?2)")
                .setParameter(1, now.plus(lease)).setParameter(2, ids).executeUpdate();
        return rows.stream().map(r -> new Claimed((UUID) r[0], kind((String) r[1]), (String) r[2], (String) r[3],
                (String) r[4], ((Number) r[5]).intValue() + 1)).toList();
    }

    @Transactional
    public void sent(UUID id) {
        em.createNativeQuery("UPDATE notification_outbox SET status = 'sent', sent_at = ?2, last_error = NULL WHERE id = ?1")
                .setParameter(1, id).setParameter(2, clock.instant()).executeUpdate();
    }

    /** A failed attempt: tried again at {@code retryAt}, or given up ({@code failed}) when {@code giveUp}. */
    @Transactional
    public void attemptFailed(UUID id, String error, Instant retryAt, boolean giveUp) {
        em.createNativeQuery("UPDATE notification_outbox SET last_error = ?2, next_attempt_at = ?3, status = ?4 WHERE id = ?1")
                .setParameter(1, id).setParameter(2, error).setParameter(3, retryAt)
                .setParameter(4, giveUp ? "failed" : "pending").executeUpdate();
    }

    private static NotificationKind kind(String code) {
        for (NotificationKind k : NotificationKind.values()) {
            if (k.code().equals(code)) {
                return k;
            }
        }
        throw new IllegalStateException("unknown notification kind in the outbox: " + code);
    }
}
