package io.gatehouse.management.notifications;

import io.gatehouse.management.developer.DeveloperSettings;
import jakarta.enterprise.context.ApplicationScoped;

import java.text.NumberFormat;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.UUID;

/**
 * The words of every notification mail: plain text naming the application, the API and the plan, with a link to the
 * portal page where the partner acts on it, and a footer saying how to stop this kind of mail.
 */
@ApplicationScoped
public class NotificationMails {

    private static final DateTimeFormatter WHEN =
            DateTimeFormatter.ofPattern("d MMMM uuuu, HH:mm 'UTC'", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    /** What a subscription mail names. */
    public record SubscriptionFacts(UUID subscriptionId, UUID organizationId, String organizationName,
                                    UUID applicationId, String applicationName, String apiName, String apiVersion,
                                    String planName) {
        String api() {
            return apiName + " " + apiVersion;
        }
    }

    private final String portalUrl;
    private final String consoleUrl;

    public NotificationMails(DeveloperSettings developer, NotificationSettings settings) {
        this.portalUrl = developer.portalUrl().replaceAll("/+$", "");
        this.consoleUrl = settings.consoleUrl().replaceAll("/+$", "");
    }

    MailText subscriptionPending(String name, SubscriptionFacts s) {
        return new MailText("Your subscription to " + s.api() + " (plan " + s.planName() + ") waits for approval",
                hello(name) + "the subscription of " + s.applicationName() + " to " + s.api() + ", plan " + s.planName()
                        + ", waits for an administrator's approval.\nUntil it is approved, the keys of "
                        + s.applicationName() + " cannot call " + s.api() + ". We will write again when it is decided.\n\n"
                        + app(s.applicationId()) + footer(NotificationTopic.SUBSCRIPTIONS));
    }

    MailText subscriptionApproved(String name, SubscriptionFacts s) {
        return new MailText("Your subscription to " + s.api() + " (plan " + s.planName() + ") is approved",
                hello(name) + "the subscription of " + s.applicationName() + " to " + s.api() + ", plan " + s.planName()
                        + ", is approved.\nThe keys of " + s.applicationName() + " can call " + s.api()
                        + " now, within the plan's limits.\n\n" + app(s.applicationId())
                        + footer(NotificationTopic.SUBSCRIPTIONS));
    }

    MailText subscriptionRejected(String name, SubscriptionFacts s) {
        return new MailText("Your subscription to " + s.api() + " (plan " + s.planName() + ") was not approved",
                hello(name) + "the subscription of " + s.applicationName() + " to " + s.api() + ", plan " + s.planName()
                        + ", was rejected by an administrator.\nThe keys of " + s.applicationName() + " cannot call "
                        + s.api() + ". You may subscribe to another plan, or contact the API's provider.\n\n"
                        + app(s.applicationId()) + footer(NotificationTopic.SUBSCRIPTIONS));
    }

    MailText adminSubscriptionPending(SubscriptionFacts s) {
        return new MailText("A subscription waits for approval: " + s.organizationName() + ", " + s.api()
                        + " (plan " + s.planName() + ")",
                "Hello,\n\n" + s.organizationName() + " asks for a subscription of its application " + s.applicationName()
                        + " to " + s.api() + ", plan " + s.planName() + ".\nApprove or reject it in the console:\n\n"
                        + consoleUrl + "/subscriptions?status=pending\n\n"
                        + "You get this mail because your address is in the management service's admin notification "
                        + "addresses (GATEHOUSE_ADMIN_NOTIFY_EMAILS).\n");
    }

    MailText keyExpiring(String name, String applicationName, UUID applicationId, String keyName, String prefix,
                         String lastFour, Instant expiresAt) {
        return new MailText("A key of " + applicationName + " expires on " + WHEN.format(expiresAt),
                hello(name) + "the key " + prefix + "…" + lastFour + " (\"" + keyName + "\") of " + applicationName
                        + " expires on " + WHEN.format(expiresAt) + ".\nFrom then on the gateway refuses it. "
                        + "Rotate it on the application's page to get a new key before then:\n\n" + app(applicationId)
                        + footer(NotificationTopic.KEY_EXPIRY));
    }

    MailText quota(String name, int level, String applicationName, UUID applicationId, String apiName, String planName,
                   String unit, long used, long limit, Instant resetsAt) {
        NumberFormat n = NumberFormat.getIntegerInstance(Locale.ENGLISH);
        String window = "day".equals(unit) ? "today's" : "this month's";
        String what = level >= 100
                ? "has used all of " + window + " quota"
                : "has used " + level + " % of " + window + " quota";
        String then = level >= 100
                ? "The gateway refuses its further calls on this plan with 429 until the quota resets on "
                : "When the quota is used up, the gateway refuses further calls with 429 until it resets on ";
        return new MailText(applicationName + " " + what + " for " + apiName,
                hello(name) + applicationName + " " + what + " for " + apiName + " (plan " + planName + "): "
                        + n.format(used) + " of " + n.format(limit) + " requests.\n" + then + WHEN.format(resetsAt)
                        + ".\nA plan with a larger quota can be chosen on the application's page. Usage:\n\n"
                        + portalUrl + "/applications/" + applicationId + "/usage" + footer(NotificationTopic.QUOTA));
    }

    MailText invoiceIssued(String name, String organizationName, UUID invoiceId, String period, String total,
                           String currency) {
        return new MailText("Invoice for " + period + ": " + total + " " + currency,
                hello(name) + "the invoice of " + organizationName + " for " + period + " is issued: " + total + " "
                        + currency + ".\nRead or download it here:\n\n" + portalUrl + "/invoices/" + invoiceId
                        + footer(NotificationTopic.INVOICES));
    }

    private static String hello(String name) {
        return "Hello " + name.replaceAll("\\p{Cntrl}", " ") + ",\n\n";
    }

    private String app(UUID applicationId) {
        return portalUrl + "/applications/" + applicationId;
    }

    private String footer(NotificationTopic topic) {
        String which = switch (topic) {
            case SUBSCRIPTIONS -> "subscription notices";
            case KEY_EXPIRY -> "key expiry notices";
            case QUOTA -> "quota notices";
            case INVOICES -> "invoice notices";
        };
        return "\n\n--\nYou get this mail because you receive " + which + " for your organization. Choose which mails "
                + "you get at " + portalUrl + "/account/notifications\n";
    }
}
