package io.gatehouse.management.notifications;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Sends the outbox's due mails, on a scheduler worker thread (never a request's or an event loop's). A mail that SMTP
 * refuses, or that takes longer than {@code send-timeout}, is tried again after a growing pause; after
 * {@code max-attempts} it is {@code failed}, logged and counted, and stays in the table with its last error.
 *
 * <p>Metrics: {@code gatehouse_notifications_sent_total}, {@code gatehouse_notifications_send_failures_total} (every
 * failed attempt) and {@code gatehouse_notifications_given_up_total}, each tagged with the {@code kind}.
 */
@ApplicationScoped
public class NotificationSender {

    private static final Logger LOG = Logger.getLogger(NotificationSender.class);

    private final Outbox outbox;
    private final ReactiveMailer mailer;
    private final NotificationSettings settings;
    private final MeterRegistry meters;
    private final Clock clock;

    public NotificationSender(Outbox outbox, ReactiveMailer mailer, NotificationSettings settings, MeterRegistry meters,
                              Clock clock) {
        this.outbox = outbox;
        this.mailer = mailer;
        this.settings = settings;
        this.meters = meters;
        this.clock = clock;
    }

    @Scheduled(identity = "notification-sender", every = "${gatehouse.notifications.send-every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        sendDue();
    }

    /**
     * Sends every mail due now, batch by batch, and returns how many were sent. Stops after a batch with a failure:
     * SMTP is likely away, and the next run (or the failed mails' own retry time) comes soon enough.
     */
    public int sendDue() {
        int sent = 0;
        while (true) {
            List<Outbox.Claimed> batch = outbox.claim(settings.batchSize(), settings.claimLease());
            int sentNow = 0;
            for (Outbox.Claimed mail : batch) {
                if (send(mail)) {
                    sentNow++;
                }
            }
            sent += sentNow;
            if (batch.size() < settings.batchSize() || sentNow < batch.size()) {
                return sent;
            }
        }
    }

    private boolean send(Outbox.Claimed mail) {
        try {
            mailer.send(Mail.withText(mail.recipient(), mail.subject(), mail.body()))
                    .await().atMost(settings.sendTimeout());
        } catch (RuntimeException e) {
            failed(mail, e);
            return false;
        }
        outbox.sent(mail.id());
        meters.counter("gatehouse.notifications.sent", "kind", mail.kind().code()).increment();
        return true;
    }

    private void failed(Outbox.Claimed mail, RuntimeException e) {
        String error = e.getClass().getSimpleName() + ": " + e.getMessage();
        meters.counter("gatehouse.notifications.send.failures", "kind", mail.kind().code()).increment();
        boolean giveUp = mail.attempt() >= settings.maxAttempts();
        outbox.attemptFailed(mail.id(), error, clock.instant().plus(backoff(mail.attempt())), giveUp);
        if (giveUp) {
            meters.counter("gatehouse.notifications.given.up", "kind", mail.kind().code()).increment();
            LOG.errorf("Gave up notification %s (%s to %s) after %d attempts: %s", mail.id(), mail.kind().code(),
                    mail.recipient(), mail.attempt(), error);
        } else {
            LOG.warnf("Notification %s (%s to %s), attempt %d, not sent; trying again: %s", mail.id(), mail.kind().code(),
                    mail.recipient(), mail.attempt(), error);
        }
    }

    /** First retry after {@code first-retry}, doubling, at most {@code max-retry}. */
    Duration backoff(int attempt) {
        Duration wait = settings.firstRetry();
        for (int i = 1; i < attempt && wait.compareTo(settings.maxRetry()) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(settings.maxRetry()) > 0 ? settings.maxRetry() : wait;
    }
}
