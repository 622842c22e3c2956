package io.gatehouse.management.notifications;

import io.gatehouse.management.billingreports.BillingClient;
import io.gatehouse.management.billingreports.Invoice;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Tells the members of an organization, once per invoice, that billing issued it. Reads billing's invoice list
 * (the one the portal's invoices page reads, {@link BillingClient#invoices}) for this month and the month before, and
 * announces the {@code issued} invoices whose {@code issuedAt} lies within {@code invoice-lookback} (7 days), so the
 * first start on an old installation does not mail its whole history. Billing away: the next scan tries again.
 */
@ApplicationScoped
public class InvoiceScan {

    private static final Logger LOG = Logger.getLogger(InvoiceScan.class);

    private final BillingClient billing;
    private final EntityManager em;
    private final Recipients recipients;
    private final NotificationMails mails;
    private final Outbox outbox;
    private final NotificationSettings settings;
    private final MeterRegistry meters;
    private final Clock clock;

    public InvoiceScan(BillingClient billing, EntityManager em, Recipients recipients, NotificationMails mails, Outbox outbox,
                       NotificationSettings settings, MeterRegistry meters, Clock clock) {
        this.billing = billing;
        this.em = em;
        this.recipients = recipients;
        this.mails = mails;
        this.outbox = outbox;
        this.settings = settings;
        this.meters = meters;
        this.clock = clock;
    }

    @Scheduled(identity = "notification-invoice-scan", every = "${gatehouse.notifications.scan-every}",
            delayed = "50s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        run();
    }

    /** Queues the mails of every recently issued invoice; returns how many were queued now. */
    public int run() {
        Instant now = clock.instant();
        YearMonth month = YearMonth.from(now.atZone(ZoneOffset.UTC));
        List<Invoice> invoices = new ArrayList<>();
        try {
            invoices.addAll(billing.invoices(month.minusMonths(1).toString(), null));
            invoices.addAll(billing.invoices(month.toString(), null));
        } catch (RuntimeException e) {
            meters.counter("gatehouse.notifications.scan.failures", "scan", "invoice").increment();
            LOG.warnf("Invoice notifications wait for the next scan: %s", e.toString());
            return 0;
        }
        Instant since = now.minus(settings.invoiceLookback());
        int queued = 0;
        for (Invoice invoice : invoices) {
            if ("issued".equals(invoice.status()) && invoice.issuedAt() != null && invoice.issuedAt().isAfter(since)
                    && invoice.organizationId() != null) {
                queued += queue(invoice);
            }
        }
        return queued;
    }

    private int queue(Invoice invoice) {
        String organizationName = organizationName(invoice.organizationId());
        if (organizationName == null) {
            return 0;
        }
        int queued = 0;
        for (Recipients.Member m : recipients.of(invoice.organizationId(), NotificationTopic.INVOICES)) {
            MailText text = mails.invoiceIssued(m.name(), organizationName, invoice.id(), invoice.period(), invoice.total(),
                    invoice.currency());
            if (outbox.queue(NotificationKind.INVOICE_ISSUED, invoice.id() + ":" + m.userId(), m.email(), text)) {
                queued++;
            }
        }
        return queued;
    }

    @Transactional
    String organizationName(UUID organizationId) {
        List<?> names = em.createNativeQuery("SELECT name FROM organizations WHERE id = ?1", String.class)
                .setParameter(1, organizationId).getResultList();
        return names.isEmpty() ? null : (String) names.get(0);
    }
}
