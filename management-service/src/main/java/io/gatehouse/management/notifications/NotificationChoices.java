package io.gatehouse.management.notifications;

import jakarta.validation.constraints.NotNull;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.EnumMap;
import java.util.Map;

/**
 * Which notification mails a partner receives, one switch per topic: {@code subscriptions} (pending, approved,
 * rejected), {@code keyExpiry} (a key expires within 7 days), {@code quota} (a quota at 80 % and 100 %),
 * {@code invoices} (an invoice issued). The body of {@code PUT /developer/v1/account/notifications} names all four.
 */
@Schema(name = "NotificationChoices")
public record NotificationChoices(@NotNull Boolean subscriptions, @NotNull Boolean keyExpiry, @NotNull Boolean quota,
                                  @NotNull Boolean invoices) {

    static NotificationChoices of(Map<NotificationTopic, Boolean> choices) {
        return new NotificationChoices(choices.get(NotificationTopic.SUBSCRIPTIONS), choices.get(NotificationTopic.KEY_EXPIRY),
                choices.get(NotificationTopic.QUOTA), choices.get(NotificationTopic.INVOICES));
    }

    Map<NotificationTopic, Boolean> byTopic() {
        Map<NotificationTopic, Boolean> m = new EnumMap<>(NotificationTopic.class);
        m.put(NotificationTopic.SUBSCRIPTIONS, subscriptions);
        m.put(NotificationTopic.KEY_EXPIRY, keyExpiry);
        m.put(NotificationTopic.QUOTA, quota);
        m.put(NotificationTopic.INVOICES, invoices);
        return m;
    }
}
