package io.gatehouse.management.notifications;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Tells the members of an organization, once per key, that an active key of theirs expires within
 * {@code key-expiry-notice} (7 days). A key replaced by a rotation is left out: its end is the grace period the
 * partner chose, and the new key is already in their hands.
 */
@ApplicationScoped
public class KeyExpiryScan {

    private final EntityManager em;
    private final Recipients recipients;
    private final NotificationMails mails;
    private final Outbox outbox;
    private final NotificationSettings settings;
    private final Clock clock;

    public KeyExpiryScan(EntityManager em, Recipients recipients, NotificationMails mails, Outbox outbox,
                         NotificationSettings settings, Clock clock) {
        this.em = em;
        this.recipients = recipients;
        this.mails = mails;
        this.outbox = outbox;
        this.settings = settings;
        this.clock = clock;
    }

    @Scheduled(identity = "notification-key-expiry-scan", every = "${gatehouse.notifications.scan-every}",
            delayed = "30s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        run();
    }

    /** Queues the mails of every key expiring within the notice period; returns how many were queued now. */
    @Transactional
    public int run() {
        Instant now = clock.instant();
        @SuppressWarnings("unchecked")
        List<Object[]> keys = em.createNativeQuery("SELECT k.id, k.name, k.prefix, k.last_four, k.expires_at, a.id, a.name, "
                        + "a.organization_id FROM api_keys k JOIN applications a ON a.id = k.application_id "
                        + "JOIN organizations o ON o.id = a.organization_id WHERE k.status = 'active' "
                        + "AND k.expires_at > ?1 AND k.expires_at <= ?2 AND o.status = 'active' "
                        + "AND NOT EXISTS (SELECT 1 FROM api_keys n WHERE n.rotated_from = k.id) ORDER BY k.expires_at",
                        Object[].class)
                .setParameter(1, now).setParameter(2, now.plus(settings.keyExpiryNotice())).getResultList();
        int queued = 0;
        for (Object[] k : keys) {
            UUID keyId = (UUID) k[0];
            Instant expiresAt = Instants.of(k[4]);
            for (Recipients.Member m : recipients.of((UUID) k[7], NotificationTopic.KEY_EXPIRY)) {
                MailText text = mails.keyExpiring(m.name(), (String) k[6], (UUID) k[5], (String) k[1], (String) k[2],
                        (String) k[3], expiresAt);
                if (outbox.queue(NotificationKind.KEY_EXPIRING, keyId + ":" + m.userId(), m.email(), text)) {
                    queued++;
                }
            }
        }
        return queued;
    }
}
