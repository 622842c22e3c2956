package io.gatehouse.management.notifications;

import java.util.Arrays;
import java.util.Optional;

/** What a partner chooses to receive or not; each {@link NotificationKind} belongs to one topic. */
public enum NotificationTopic {
    /** A subscription waits for approval, was approved or was rejected. */
    SUBSCRIPTIONS("subscriptions"),
    /** A key of an application expires within the notice period (7 days by default). */
    KEY_EXPIRY("key-expiry"),
    /** A day or month quota reached 80 % or 100 % in its current window. */
    QUOTA("quota"),
    /** Billing issued an invoice to the organization. */
    INVOICES("invoices");

    private final String code;

    NotificationTopic(String code) {
        this.code = code;
    }

    /** As stored in {@code notification_preferences.topic}. */
    public String code() {
        return code;
    }

    public static Optional<NotificationTopic> of(String code) {
        return Arrays.stream(values()).filter(t -> t.code.equals(code)).findFirst();
    }
}
