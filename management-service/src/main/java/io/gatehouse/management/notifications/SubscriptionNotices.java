package io.gatehouse.management.notifications;

import io.gatehouse.management.subscriptions.Subscription;
import io.gatehouse.management.subscriptions.SubscriptionStatus;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/**
 * Queues the mails of a subscription's status move, in the transaction that moves it (so a move that rolls back mails
 * nobody): a new pending subscription to the organization's members and to the admin addresses; pending → active
 * ("approved") and pending → rejected to the members. Other moves (suspend, reinstate, cancel, an active subscription
 * created at once) mail nobody.
 */
@ApplicationScoped
public class SubscriptionNotices {

    private final Outbox outbox;
    private final Recipients recipients;
    private final NotificationMails mails;
    private final List<String> adminEmails;

    public SubscriptionNotices(Outbox outbox, Recipients recipients, NotificationMails mails, NotificationSettings settings) {
        this.outbox = outbox;
        this.recipients = recipients;
        this.mails = mails;
        this.adminEmails = settings.adminEmails().orElse(List.of()).stream().map(String::strip)
                .filter(a -> !a.isEmpty()).distinct().toList();
    }

    /** {@code s} has just moved from {@code before} (null: it was just created) to its current status. */
    public void moved(Subscription s, SubscriptionStatus before) {
        NotificationKind kind;
        if (before == null && s.status == SubscriptionStatus.PENDING) {
            kind = NotificationKind.SUBSCRIPTION_PENDING;
        } else if (before == SubscriptionStatus.PENDING && s.status == SubscriptionStatus.ACTIVE) {
            kind = NotificationKind.SUBSCRIPTION_APPROVED;
        } else if (before == SubscriptionStatus.PENDING && s.status == SubscriptionStatus.REJECTED) {
            kind = NotificationKind.SUBSCRIPTION_REJECTED;
        } else {
            return;
        }
        NotificationMails.SubscriptionFacts facts = new NotificationMails.SubscriptionFacts(s.id,
                s.application.organization.id, s.application.organization.name, s.application.id, s.application.name,
                s.api.name, s.api.version, s.plan.name);
        for (Recipients.Member m : recipients.of(facts.organizationId(), NotificationTopic.SUBSCRIPTIONS)) {
            MailText text = switch (kind) {
                case SUBSCRIPTION_PENDING -> mails.subscriptionPending(m.name(), facts);
                case SUBSCRIPTION_APPROVED -> mails.subscriptionApproved(m.name(), facts);
                default -> mails.subscriptionRejected(m.name(), facts);
            };
            outbox.queue(kind, s.id + ":" + m.userId(), m.email(), text);
        }
        if (kind == NotificationKind.SUBSCRIPTION_PENDING) {
            for (String admin : adminEmails) {
                outbox.queue(NotificationKind.ADMIN_SUBSCRIPTION_PENDING, s.id + ":" + admin, admin,
                        mails.adminSubscriptionPending(facts));
            }
        }
    }
}
