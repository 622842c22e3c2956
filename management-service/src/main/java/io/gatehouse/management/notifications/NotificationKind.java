package io.gatehouse.management.notifications;

/** Each mail the service sends on its own, as stored in {@code notification_outbox.kind}. */
public enum NotificationKind {
    SUBSCRIPTION_PENDING("subscription-pending", NotificationTopic.SUBSCRIPTIONS),
    SUBSCRIPTION_APPROVED("subscription-approved", NotificationTopic.SUBSCRIPTIONS),
    SUBSCRIPTION_REJECTED("subscription-rejected", NotificationTopic.SUBSCRIPTIONS),
    /** To the configured admin addresses; no partner preference applies. */
    ADMIN_SUBSCRIPTION_PENDING("admin-subscription-pending", null),
    KEY_EXPIRING("key-expiring", NotificationTopic.KEY_EXPIRY),
    QUOTA_80("quota-80", NotificationTopic.QUOTA),
    QUOTA_100("quota-100", NotificationTopic.QUOTA),
    INVOICE_ISSUED("invoice-issued", NotificationTopic.INVOICES);

    private final String code;
    private final NotificationTopic topic;

    NotificationKind(String code, NotificationTopic topic) {
        this.code = code;
        this.topic = topic;
    }

    public String code() {
        return code;
    }

    /** The partner topic that turns it on or off; null for mails to admins. */
    public NotificationTopic topic() {
        return topic;
    }
}
