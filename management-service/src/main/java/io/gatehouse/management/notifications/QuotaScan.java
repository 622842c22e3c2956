package io.gatehouse.management.notifications;

import io.gatehouse.management.usage.ApplicationUsageService;
import io.gatehouse.management.usage.QuotaWindow;
import io.gatehouse.management.usage.SubscriptionQuota;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.UUID;

/**
 * Tells the members of an organization when a day or month quota of an active subscription reaches 80 % and 100 % in
 * its current window: once per subscription, level and window. The count is the one the portal's usage page shows
 * ({@link ApplicationUsageService#quotas}: billing's ledger, one call per application and plan); a quota that jumps
 * past 80 % to 100 % between two scans gets the 100 % mail only. Billing away: that application waits for the next
 * scan (logged, counted in {@code gatehouse_notifications_scan_failures_total}).
 */
@ApplicationScoped
public class QuotaScan {

    private static final Logger LOG = Logger.getLogger(QuotaScan.class);

    private final EntityManager em;
    private final ApplicationUsageService usage;
    private final Recipients recipients;
    private final NotificationMails mails;
    private final Outbox outbox;
    private final MeterRegistry meters;

    public QuotaScan(EntityManager em, ApplicationUsageService usage, Recipients recipients, NotificationMails mails,
                     Outbox outbox, MeterRegistry meters) {
        this.em = em;
        this.usage = usage;
        this.recipients = recipients;
        this.mails = mails;
        this.outbox = outbox;
        this.meters = meters;
    }

    /** An application with at least one active subscription whose plan has a quota. */
    record Counted(UUID organizationId, UUID applicationId, String applicationName) {
    }

    @Scheduled(identity = "notification-quota-scan", every = "${gatehouse.notifications.scan-every}",
            delayed = "40s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        run();
    }

    /** Queues the mails of every quota at 80 % or 100 %; returns how many were queued now. Billing is asked outside any transaction. */
    public int run() {
        int queued = 0;
        for (Counted app : applications()) {
            List<SubscriptionQuota> quotas;
            try {
                quotas = usage.quotas(app.organizationId(), app.applicationId());
            } catch (RuntimeException e) {
                meters.counter("gatehouse.notifications.scan.failures", "scan", "quota").increment();
                LOG.warnf("Quota notifications for application %s wait for the next scan: %s", app.applicationId(), e.toString());
                continue;
            }
            for (SubscriptionQuota s : quotas) {
                for (QuotaWindow w : s.quotas()) {
                    queued += queue(app, s, w);
                }
            }
        }
        return queued;
    }

    private int queue(Counted app, SubscriptionQuota s, QuotaWindow w) {
        if (w.limit() <= 0) {
            return 0;
        }
        NotificationKind kind;
        if (w.used() >= w.limit()) {
            kind = NotificationKind.QUOTA_100;
        } else if (w.used() * 5 >= w.limit() * 4) {
            kind = NotificationKind.QUOTA_80;
        } else {
            return 0;
        }
        int level = kind == NotificationKind.QUOTA_100 ? 100 : 80;
        String unit = w.timeUnit().code();
        int queued = 0;
        for (Recipients.Member m : recipients.of(app.organizationId(), NotificationTopic.QUOTA)) {
            MailText text = mails.quota(m.name(), level, app.applicationName(), app.applicationId(),
                    s.singleApi() ? s.apiName() : "the product " + s.productName(),
                    s.planName(), unit, w.used(), w.limit(), w.resetsAt());
            if (outbox.queue(kind, s.subscriptionId() + ":" + unit + ":" + w.windowStart() + ":" + m.userId(), m.email(), text)) {
                queued++;
            }
        }
        return queued;
    }

    @Transactional
    List<Counted> applications() {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT DISTINCT a.organization_id, a.id, a.name FROM subscriptions s "
                        + "JOIN applications a ON a.id = s.application_id JOIN organizations o ON o.id = a.organization_id "
                        + "WHERE s.status = 'active' AND o.status = 'active' AND EXISTS (SELECT 1 FROM plan_limits l "
                        + "WHERE l.plan_id = s.plan_id AND l.kind = 'quota')", Object[].class).getResultList();
        return rows.stream().map(r -> new Counted((UUID) r[0], (UUID) r[1], (String) r[2])).toList();
    }
}
